from django.urls import path

from . import views
from .api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("account/", views.account, name="account"),
    path("account/tokens/<int:token_id>/revoke/", views.revoke_token, name="revoke_token"),
]
