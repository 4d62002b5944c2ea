from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "bancheng.ratings"
    verbose_name = "差评核实整改"
