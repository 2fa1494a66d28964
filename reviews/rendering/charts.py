"""Charts drawn by templates as SVG, for pages and PDFs alike."""


def bar_chart(bars: list[tuple[str, int]], *, width=640, height=220) -> dict:
    """Geometry of a vertical bar chart, drawn by a template as SVG (pages and PDF alike)."""
    left, bottom, top = 32, 24, 12
    plot_height = height - bottom - top
    highest = max((value for _label, value in bars), default=0) or 1
    step = (width - left) / max(len(bars), 1)
    ticks = sorted({0, highest // 2, highest})
    return {
        "width": width,
        "height": height,
        "baseline": height - bottom,
        "left": left,
        "ticks": [
            {"value": t, "y": round(height - bottom - plot_height * t / highest, 1)} for t in ticks
        ],
        "bars": [
            {
                "label": label,
                "value": value,
                "x": round(left + i * step + step * 0.15, 1),
                "width": round(step * 0.7, 1),
                "y": round(height - bottom - plot_height * value / highest, 1),
                "height": round(plot_height * value / highest, 1),
                "label_x": round(left + i * step + step / 2, 1),
            }
            for i, (label, value) in enumerate(bars)
        ],
    }
