from django.db import models


class RequestToken(models.Model):
    """The token a GeoReport client may use to look up the service request id of its submission."""

    token = models.CharField(max_length=64, unique=True)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    # the service (a category code) the client asked for: the case gets its own category only when assessed
    service_code = models.CharField(max_length=64, blank=True, default="", db_index=True)
