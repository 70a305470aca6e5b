from django.urls import path

from . import dynamic_views, expert_views, publicity_views, ranking_views, supervision_views, views

app_name = "reviews"
urlpatterns = [
    path("province/", ranking_views.ranking_page, name="province"),
    path("province/declarations/<int:pk>/recommend/", ranking_views.recommend, name="recommend"),
    path("ministry/", views.ministry, name="ministry"),
    path("ministry/batches/<int:batch_pk>/publicity/", views.start_publicity, name="start_publicity"),
    path("ministry/batches/<int:batch_pk>/publish/", views.publish, name="publish"),
    # supervision: rechecks, spot checks, removal (R-RECHECK, R-SPOT, R-REMOVE)
    path("rechecks/", supervision_views.rechecks, name="rechecks"),
    path("rechecks/<int:pk>/", supervision_views.recheck_record, name="recheck_record"),
    path("ministry/spot-checks/", supervision_views.spot_checks, name="spot_checks"),
    path("ministry/spot-checks/<int:pk>/", supervision_views.spot_check_draw, name="spot_check_draw"),
    path("ministry/spot-checks/results/<int:pk>/", supervision_views.spot_check_result, name="spot_check_result"),
    path("ministry/listed/", supervision_views.listed_units, name="listed_units"),
    path("ministry/listed/<int:pk>/remove/", supervision_views.remove, name="remove"),
    # dynamic management and the green code (R-DYN-1, R-GREENCODE)
    path("dynamic/", dynamic_views.unit_list, name="dynamic_units"),
    path("dynamic/<int:entry_pk>/<int:year>/", dynamic_views.unit_form, name="dynamic_form"),
    path("dynamic/tables/<int:pk>/", dynamic_views.table_detail, name="dynamic_table"),
    path("dynamic/tables/<int:pk>/review/", dynamic_views.review, name="dynamic_review"),
    path("dynamic/authority/", dynamic_views.authority_list, name="dynamic_authority"),
    path("dynamic/overdue/", dynamic_views.overdue_list, name="dynamic_overdue"),
    path("dynamic/ministry/", dynamic_views.ministry_overview, name="dynamic_ministry"),
    path("dynamic/ministry/grades/", dynamic_views.compute_year_grades, name="dynamic_grades"),
    # The province's ranking (R-RANK), summary workbook (R-SUMMARY) and the ministry's overview.
    path("province/declarations/<int:pk>/move/<str:direction>/", ranking_views.move, name="ranking_move"),
    path("province/declarations/<int:pk>/veto/", ranking_views.veto, name="ranking_veto"),
    path("province/declarations/<int:pk>/unrecommend/", ranking_views.unrecommend, name="ranking_unrecommend"),
    path("province/batches/<int:batch_pk>/<str:kind>/reorder/", ranking_views.reorder, name="ranking_reorder"),
    path("province/batches/<int:batch_pk>/summary.xlsx", ranking_views.summary_workbook, name="ranking_summary"),
    path("province/batches/<int:batch_pk>/submit/", ranking_views.submit, name="ranking_submit"),
    path("ministry/recommendations/", ranking_views.ministry_overview, name="ministry_recommendations"),
    # Expert review (R-REVIEW-1)
    path("ministry/review/", expert_views.ministry_review, name="ministry_review"),
    path("ministry/review/<int:pk>/", expert_views.ministry_review_detail, name="ministry_review_detail"),
    path("ministry/review/<int:pk>/assign/", expert_views.assign, name="assign_experts"),
    path("ministry/review/<int:pk>/decide/", expert_views.decide, name="decide"),
    path("ministry/review/assignments/<int:pk>/withdraw/", expert_views.withdraw, name="withdraw_expert"),
    path("expert/", expert_views.expert_tasks, name="expert_tasks"),
    path("expert/assignments/<int:pk>/", expert_views.expert_review, name="expert_review"),
    path("ministry/publicity/", publicity_views.ministry_publicity, name="ministry_publicity"),
    path("ministry/batches/<int:batch_pk>/exports/", publicity_views.exports_status, name="exports_status"),
    path("ministry/batches/<int:batch_pk>/exports/request/", publicity_views.exports_request, name="exports_request"),
    path("ministry/objections/", publicity_views.objection_list, name="objections"),
    path("ministry/objections/<int:pk>/", publicity_views.objection_detail, name="objection"),
    path("ministry/objections/<int:pk>/resolve/", publicity_views.objection_resolve, name="objection_resolve"),
    path("ministry/objections/<int:pk>/evidence/", publicity_views.objection_evidence, name="objection_evidence"),
]
