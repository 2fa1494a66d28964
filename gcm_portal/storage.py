"""Where uploaded and generated files live: the ``default`` entry of ``STORAGES``.

Attachments, import previews waiting for their confirmation and report PDFs
all go through Django's default storage, never a path of their own. One
machine keeps them under ``MEDIA_ROOT``; several web and worker nodes share a
bucket of an S3-compatible store (AWS S3, MinIO, Ceph, Garage…), through
django-storages, so a file written by one node is read by every other.

Objects are private: the portal reads them with its own keys and streams them
to people through its access-checked views (``reviews/views/downloads.py``),
so the store need not be reachable from browsers. Signed URLs are still made
short-lived, should anything ever ask for one.
"""

DISK = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
S3_BACKEND = "storages.backends.s3.S3Storage"


def s3(
    *,
    bucket: str,
    endpoint_url: str = "",
    region: str = "",
    access_key: str = "",
    secret_key: str = "",
    signed_url_seconds: int = 60,
) -> dict:
    """The ``STORAGES["default"]`` entry of a private bucket.

    Empty keys leave boto3 its own search (``AWS_*`` variables, an instance
    role); an ``endpoint_url`` names a store other than AWS, addressed by path
    (``http://host:9000/bucket/key``), which every S3-compatible store serves.
    """
    return {
        "BACKEND": S3_BACKEND,
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url or None,
            "region_name": region or None,
            "access_key": access_key or None,
            "secret_key": secret_key or None,
            "addressing_style": "path" if endpoint_url else None,
            "signature_version": "s3v4",
            # Private objects, readable only with the portal's keys or a signed URL
            # that expires within a minute.
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": signed_url_seconds,
            # Never replace a stored object: a name taken gets a suffix, as on disk.
            "file_overwrite": False,
            # A download larger than this is spooled to a temporary file, not memory.
            "max_memory_size": 8 * 1024 * 1024,
        },
    }
