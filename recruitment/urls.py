from django.urls import path
from django.views.generic import TemplateView

app_name = "recruitment"

urlpatterns = [
    path("talent/", TemplateView.as_view(template_name="recruitment/talent.html"), name="talent"),
]
