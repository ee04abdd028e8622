"""Work tasks (clause 20): the office issues and reviews, the unit submits documents."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from integrity_portal.access import RoleRequiredMixin, user_may
from integrity_portal.paging import ListPaginator

from .. import selectors, services
from ..forms import ExtendForm, ReviewForm, SubmitForm, TaskForm, add_service_errors
from ..models import TaskAssignment, TaskDocument
from .common import OFFICE, READERS, require

PAGE_SIZE = 50


class TaskListView(RoleRequiredMixin, TemplateView):
    allowed_roles = READERS
    template_name = "evaluation/task_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        assignments = TaskAssignment.objects.visible_to(user).select_related("task", "unit") \
            .order_by("state", "due_date", "id")
        today = timezone.localdate()
        state = self.request.GET.get("state")
        if state:
            assignments = assignments.filter(state=state)
        overdue = bool(self.request.GET.get("overdue"))  # from the leadership dashboard's overdue figures
        if overdue:
            assignments = selectors.assignments_past_due(assignments, today=today)
        page = ListPaginator(assignments, PAGE_SIZE).get_page(self.request.GET.get("page"))
        return {**super().get_context_data(**kwargs), "page_obj": page, "overdue": overdue,
                "today": today, "is_office": user_may(user, OFFICE),
                "form": kwargs.get("form") or (TaskForm() if user_may(user, OFFICE) else None)}

    def post(self, request):
        require(request.user, OFFICE)
        form = TaskForm(request.POST)
        if form.is_valid():
            try:
                task = services.task_issue(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("已向 %(n)s 个单位下达督办任务。") % {"n": task.assignments.count()})
                return redirect("evaluation:task_list")
        return self.render_to_response(self.get_context_data(form=form))


class AssignmentDetailView(RoleRequiredMixin, TemplateView):
    allowed_roles = READERS
    template_name = "evaluation/assignment_detail.html"

    def _assignment(self, pk):
        return get_object_or_404(TaskAssignment.objects.visible_to(self.request.user)
                                 .select_related("task", "unit", "clock"), pk=pk)

    def get_context_data(self, pk, **kwargs):
        user = self.request.user
        assignment = self._assignment(pk)
        own = user.unit_id == assignment.unit_id and not user_may(user, OFFICE)
        return {**super().get_context_data(**kwargs), "assignment": assignment, "today": timezone.localdate(),
                "documents": assignment.documents.all(), "transitions": assignment.transitions.select_related("actor"),
                "submit_form": kwargs.get("submit_form") or (SubmitForm() if own and assignment.is_open else None),
                "review_form": kwargs.get("review_form") or (ReviewForm() if user_may(user, OFFICE) else None),
                "extend_form": kwargs.get("extend_form") or (ExtendForm() if user_may(user, OFFICE) else None)}

    def post(self, request, pk):
        assignment = self._assignment(pk)
        action = request.POST.get("action")
        if action == "submit":
            form = SubmitForm(request.POST, request.FILES)
            files = [(f.name, f.read()) for f in request.FILES.getlist("files")]
            call = lambda data: services.task_submit(assignment=assignment, actor=request.user,  # noqa: E731
                                                     note=data["note"], files=files)
            key = "submit_form"
        elif action in ("review", "extend"):
            require(request.user, OFFICE)
            form = (ReviewForm if action == "review" else ExtendForm)(request.POST)
            key = f"{action}_form"
            if action == "review":
                call = lambda data: services.task_review(  # noqa: E731
                    assignment=assignment, actor=request.user, accept=data["decision"] == "accept", note=data["note"])
            else:
                call = lambda data: services.task_extend(assignment=assignment, actor=request.user, **data)  # noqa: E731
        else:
            raise Http404
        if form.is_valid():
            try:
                call(form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("已保存。"))
                return redirect("evaluation:assignment_detail", pk)
        return self.render_to_response(self.get_context_data(pk=pk, **{key: form}))


class DocumentDownloadView(RoleRequiredMixin, TemplateView):
    allowed_roles = READERS

    def get(self, request, pk, doc_pk):
        assignment = get_object_or_404(TaskAssignment.objects.visible_to(request.user), pk=pk)
        document = get_object_or_404(TaskDocument, pk=doc_pk, assignment=assignment)
        return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.original_name,
                            content_type=document.content_type)
