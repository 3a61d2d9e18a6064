app_name = "clerk"

urlpatterns = []
