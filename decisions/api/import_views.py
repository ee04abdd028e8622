"""``POST /api/v1/decisions/import/`` and ``GET /api/v1/decisions/import/{id}/`` (issue 14, DESIGN.md §4)."""
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.choices import Role
from integrity_portal.workbooks import WorkbookTooLarge

from .. import imports
from ..import_jobs import DecisionImportJob

_ERROR = inline_serializer("DecisionImportError", {
    "row": serializers.IntegerField(), "column": serializers.CharField(), "message": serializers.CharField()})
_OUTCOME = inline_serializer("DecisionImportOutcome", {
    "act": serializers.CharField(), "rows": serializers.IntegerField(), "imported": serializers.IntegerField(),
    "dry_run": serializers.BooleanField(), "errors": _ERROR.__class__(many=True)})
_JOB = inline_serializer("DecisionImportJob", {
    "id": serializers.IntegerField(), "status": serializers.CharField(), "act": serializers.CharField(),
    "rows": serializers.IntegerField(), "imported": serializers.IntegerField(),
    "dry_run": serializers.BooleanField(), "errors": _ERROR.__class__(many=True)})


class DecisionImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    dry_run = serializers.BooleanField(required=False, default=False)


class DecisionImportView(APIView):
    """A department's file of 双公示 decisions: every row checked; all imported as drafts, or none."""

    read_roles = {Role.CLERK}  # so a GET is 405 for a clerk, 403 for the others
    write_roles = {Role.CLERK}
    parser_classes = [MultiPartParser, FormParser, JSONParser]  # JSON: a 400 naming the missing file, not a 415

    @extend_schema(request={"multipart/form-data": DecisionImportUploadSerializer},
                   responses={200: _OUTCOME, 202: _JOB})
    def post(self, request):
        data = DecisionImportUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        try:
            result = imports.decisions_import_submit(actor=request.user, department=request.user.unit,
                                                     file_bytes=upload.read(), name=upload.name,
                                                     dry_run=data.validated_data["dry_run"])
        except WorkbookTooLarge as exc:
            return Response({"file": [str(exc)]}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
        if isinstance(result, DecisionImportJob):
            return Response(result.as_json(), status=status.HTTP_202_ACCEPTED)
        return Response(result.as_json())


class DecisionImportJobView(APIView):
    """A large file's job: its status, and when finished the same answer as an inline import."""

    read_roles = {Role.CLERK, Role.CREDIT_OFFICE}
    write_roles = {Role.CLERK, Role.CREDIT_OFFICE}  # so a POST is 405, not 403

    @extend_schema(responses=_JOB)
    def get(self, request, pk):
        job = get_object_or_404(DecisionImportJob.objects.visible_to(request.user), pk=pk)
        return Response(job.as_json())
