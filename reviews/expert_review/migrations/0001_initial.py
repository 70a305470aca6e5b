"""The expert_review stage takes over its tables from the reviews app: the models enter this app's
state only (the tables stay as they are, under their reviews_* names), and their content types are
renamed in the same step."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from reviews.handover import take_over_content_types

MODELS = ('expertprofile', 'expertassignment')


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('reviews', '0008_one_pending_spot_check_per_unit'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('applications', '0006_creation_token'),
        ('greenlist', '0005_notifications'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    state_operations = [
        migrations.CreateModel(
            name='ExpertProfile',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('employer_name', models.CharField(blank=True, max_length=200, verbose_name='工作单位名称')),
                ('specialty', models.CharField(blank=True, max_length=100, verbose_name='专业领域')),
                ('title', models.CharField(blank=True, max_length=50, verbose_name='职称')),
                ('authority', models.ForeignKey(help_text='专家工作单位所在的省级地区（计划单列市、兵团单列）；不得评审本地区推荐的申报', on_delete=django.db.models.deletion.PROTECT, related_name='+', to='greenlist.authority', verbose_name='所属地区')),
                ('employer', models.ForeignKey(blank=True, help_text='工作单位在平台有账号时选择', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='greenlist.organisation', verbose_name='工作单位（平台内）')),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='expert_profile', to=settings.AUTH_USER_MODEL, verbose_name='专家')),
            ],
            options={
                'verbose_name': '评审专家',
                'verbose_name_plural': '评审专家',
                'db_table': 'reviews_expertprofile',
                'ordering': ['authority__sort_order', 'user__full_name'],
            },
        ),
        migrations.CreateModel(
            name='ExpertAssignment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('assigned_at', models.DateTimeField(auto_now_add=True, verbose_name='分配时间')),
                ('score', models.DecimalField(blank=True, decimal_places=1, max_digits=4, null=True, verbose_name='评分')),
                ('opinion', models.CharField(blank=True, choices=[('recommend', '建议列入'), ('not_recommend', '不建议列入')], max_length=16, verbose_name='评审意见')),
                ('comment', models.TextField(blank=True, verbose_name='评审说明')),
                ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='提交时间')),
                ('withdrawn_at', models.DateTimeField(blank=True, null=True, verbose_name='撤回时间')),
                ('withdraw_reason', models.TextField(blank=True, verbose_name='撤回理由')),
                ('assigned_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='分配人')),
                ('declaration', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='expert_assignments', to='applications.declaration', verbose_name='申报')),
                ('expert', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='expert_assignments', to=settings.AUTH_USER_MODEL, verbose_name='专家')),
                ('withdrawn_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='撤回人')),
            ],
            options={
                'verbose_name': '专家评审任务',
                'verbose_name_plural': '专家评审任务',
                'db_table': 'reviews_expertassignment',
                'ordering': ['-assigned_at', '-pk'],
                'indexes': [models.Index(fields=['expert', 'submitted_at'], name='reviews_exp_expert__aa8a9c_idx')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('withdrawn_at__isnull', True)), fields=('declaration', 'expert'), name='one_live_assignment_per_expert'), models.CheckConstraint(condition=models.Q(('score__isnull', True), models.Q(('score__gte', 0), ('score__lte', 100)), _connector='OR'), name='expert_score_0_100'), models.CheckConstraint(condition=models.Q(('submitted_at__isnull', True), models.Q(('score__isnull', False), models.Q(('opinion', ''), _negated=True)), _connector='OR'), name='submitted_review_is_complete'), models.CheckConstraint(condition=models.Q(('submitted_at__isnull', True), ('withdrawn_at__isnull', True), _connector='OR'), name='submitted_review_not_withdrawn')],
            },
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations),
        take_over_content_types("expert_review", MODELS),
    ]
