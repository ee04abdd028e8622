app_name = "objections"
urlpatterns = []
