"""The product's URLs plus the baseline views under /_bench/."""

from django.urls import path

from bench import views
from portal.urls import handler400, handler403, handler404, handler500  # noqa: F401
from portal.urls import urlpatterns as product_urlpatterns

urlpatterns = [
    path("_bench/constant/", views.constant, name="bench-constant"),
    path("_bench/rows/", views.rows, name="bench-rows"),
    path("_bench/upload/", views.upload, name="bench-upload"),
    *product_urlpatterns,
]
