from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "bancheng.search"
    verbose_name = "全文检索"

    def ready(self) -> None:
        from bancheng.search.freshness import connect

        # Cases: every change appends an Event (registration too), so a saved Event schedules the case's
        # re-indexing after commit. Articles and catalog items: their own post_save/post_delete.
        connect()
