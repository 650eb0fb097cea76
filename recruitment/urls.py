from django.urls import path

from recruitment import views

app_name = "recruitment"

urlpatterns = [
    path("talent/", views.TalentView.as_view(), name="talent"),
]
