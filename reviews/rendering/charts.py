"""Charts drawn by templates as SVG, for pages and PDFs alike."""

# How wide a digit is, in em, in DejaVu Sans (the PDF's font, and most Linux
# browsers'); other sans-serif fonts have narrower digits.
DIGIT_EM = 0.64


def _fitting_font_size(texts, room: float, largest: float) -> float:
    """The largest font size, up to ``largest``, at which the longest text fits in ``room``."""
    longest = max((len(text) for text in texts), default=1) or 1
    return round(min(largest, room / (longest * DIGIT_EM)), 1)


def bar_chart(bars: list[tuple[str, int]], *, width=360, height=180, font_size=10) -> dict:
    """Geometry of a vertical bar chart, drawn by a template as SVG (pages and PDF alike).

    The drawing scales to its box, text included, so its size in user units is
    set for the narrowest box: a phone, where the drawing is about as wide as the
    screen and the text at most ``font_size`` pixels; the stylesheets cap its size
    elsewhere (``.bar-chart``). With many bars (23 objectives) the labels under
    the bars shrink until the longest fits its step; the values over the bars
    take their size, but for a value too long for its step (three digits).
    """
    highest = max((value for _label, value in bars), default=0) or 1
    left = round(len(str(highest)) * DIGIT_EM * font_size + 6, 1)
    top, bottom = font_size + 4, font_size + 8
    baseline = height - bottom
    plot_height = baseline - top
    step = (width - left) / max(len(bars), 1)
    room = step * 0.8  # a gap between neighbours' texts
    label_font_size = _fitting_font_size([label for label, _value in bars], room, font_size)
    ticks = sorted({0, highest // 2, highest})

    def bar_height(value):
        # However small against the highest, a value above zero stays visible.
        return max(round(plot_height * value / highest, 1), 0.5) if value > 0 else 0

    drawn = []
    for i, (label, value) in enumerate(bars):
        bar_top = round(baseline - bar_height(value), 1)
        drawn.append(
            {
                "label": label,
                "value": value,
                "x": round(left + i * step + step * 0.15, 1),
                "width": round(step * 0.7, 1),
                "y": bar_top,
                "height": bar_height(value),
                "center": round(left + i * step + step / 2, 1),
                "value_y": round(bar_top - 3, 1),
                "value_font_size": _fitting_font_size([str(value)], room, label_font_size),
            }
        )
    return {
        "width": width,
        "height": height,
        "left": left,
        "baseline": baseline,
        "plot_height": plot_height,
        "step": round(step, 1),
        "label_font_size": label_font_size,
        "label_y": round(baseline + label_font_size + 3, 1),
        "tick_x": round(left - 4, 1),
        "ticks": [{"value": t, "y": round(baseline - plot_height * t / highest, 1)} for t in ticks],
        "bars": drawn,
    }
