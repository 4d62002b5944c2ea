from django.http import HttpRequest, HttpResponse, JsonResponse


def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def home(request: HttpRequest) -> HttpResponse:
    return HttpResponse("<!doctype html><html lang='zh-Hans'><title>办成</title><h1>办成</h1></html>")
