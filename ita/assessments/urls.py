

urlpatterns = []
