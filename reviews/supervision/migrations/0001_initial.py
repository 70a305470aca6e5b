"""The supervision stage takes over its tables from the reviews app: the models enter this app's
state only (the tables stay as they are, under their reviews_* names), and their content types are
renamed in the same step."""

import django.db.models.deletion
import django.utils.timezone
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models

from reviews.handover import take_over_content_types

MODELS = ('dynamictable', 'gradescale', 'greengrade', 'overdueflag', 'recheck', 'removal', 'spotcheckdraw', 'spotcheck')


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('reviews', '0008_one_pending_spot_check_per_unit'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('greenlist', '0005_notifications'),
        ('publication', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    state_operations = [
        migrations.CreateModel(
            name='DynamicTable',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='年度')),
                ('status', models.CharField(choices=[('draft', '草稿'), ('filed', '已报送'), ('accepted', '审核通过'), ('onsite', '需现场核查')], default='draft', editable=False, max_length=10, verbose_name='状态')),
                ('name_changed', models.BooleanField(default=False, verbose_name='名称变更')),
                ('new_name', models.CharField(blank=True, max_length=300, verbose_name='变更后名称')),
                ('name_note', models.CharField(blank=True, max_length=500, verbose_name='名称变更说明')),
                ('uscc_changed', models.BooleanField(default=False, verbose_name='统一社会信用代码变更')),
                ('new_uscc', models.CharField(blank=True, max_length=18, verbose_name='变更后统一社会信用代码')),
                ('uscc_note', models.CharField(blank=True, max_length=500, verbose_name='代码变更说明')),
                ('address_changed', models.BooleanField(default=False, verbose_name='地址变更')),
                ('new_address', models.CharField(blank=True, max_length=300, verbose_name='变更后地址')),
                ('address_note', models.CharField(blank=True, max_length=500, verbose_name='地址变更说明')),
                ('boundary_changed', models.BooleanField(default=False, verbose_name='边界变更')),
                ('boundary_note', models.CharField(blank=True, max_length=500, verbose_name='边界变更说明')),
                ('merger', models.BooleanField(default=False, verbose_name='兼并重组')),
                ('merger_note', models.CharField(blank=True, max_length=500, verbose_name='兼并重组说明')),
                ('negative_answers', models.JSONField(blank=True, default=dict, verbose_name='否决项')),
                ('indicators', models.JSONField(blank=True, default=dict, verbose_name='关键指标')),
                ('score', models.DecimalField(blank=True, decimal_places=1, help_text='0—100，用于企业绿码评级', max_digits=4, null=True, verbose_name='年度得分')),
                ('deadline', models.DateField(verbose_name='报送截止日期')),
                ('late', models.BooleanField(default=False, editable=False, verbose_name='逾期报送')),
                ('filed_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='报送时间')),
                ('frozen', models.JSONField(blank=True, default=dict, editable=False)),
                ('review_note', models.TextField(blank=True, verbose_name='审核意见')),
                ('reviewed_at', models.DateTimeField(blank=True, null=True, verbose_name='审核时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('entry', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='dynamic_tables', to='publication.listentry', verbose_name='名单条目')),
                ('filed_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='报送人')),
                ('reviewed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='审核人')),
            ],
            options={
                'verbose_name': '动态管理表',
                'verbose_name_plural': '动态管理表',
                'db_table': 'reviews_dynamictable',
                'ordering': ['-year', 'entry__unit_name', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='GradeScale',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('from_year', models.PositiveSmallIntegerField(unique=True, verbose_name='起始年度')),
                ('a_plus_percent', models.DecimalField(decimal_places=1, default=Decimal('5'), max_digits=4, verbose_name='A+ 比例（%）')),
                ('a_percent', models.DecimalField(decimal_places=1, default=Decimal('35'), max_digits=4, verbose_name='A 比例（%）')),
                ('notice', models.CharField(blank=True, max_length=100, verbose_name='依据文件')),
            ],
            options={
                'verbose_name': '企业绿码评级比例',
                'verbose_name_plural': '企业绿码评级比例',
                'db_table': 'reviews_gradescale',
                'ordering': ['-from_year'],
                'constraints': [models.CheckConstraint(condition=models.Q(('a_percent__gte', 0), ('a_plus_percent__gte', 0), ('a_percent__lte', 100), ('a_plus_percent__lte', 100)), name='grade_scale_percentages')],
            },
        ),
        migrations.CreateModel(
            name='GreenGrade',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='年度')),
                ('grade', models.CharField(choices=[('A+', 'A+'), ('A', 'A'), ('B', 'B')], max_length=2, verbose_name='评级')),
                ('score', models.DecimalField(decimal_places=1, max_digits=4, verbose_name='年度得分')),
                ('rank', models.PositiveIntegerField(help_text='同分同名次', verbose_name='名次')),
                ('graded_count', models.PositiveIntegerField(verbose_name='参评数')),
                ('computed_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='计算时间')),
                ('entry', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='green_grades', to='publication.listentry', verbose_name='名单条目')),
                ('table', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='green_grade', to='supervision.dynamictable', verbose_name='动态管理表')),
            ],
            options={
                'verbose_name': '企业绿码评级',
                'verbose_name_plural': '企业绿码评级',
                'db_table': 'reviews_greengrade',
                'ordering': ['-year', 'rank', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='OverdueFlag',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='年度')),
                ('deadline', models.DateField(verbose_name='报送截止日期')),
                ('flagged_on', models.DateField(verbose_name='标记日期')),
                ('entry', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='overdue_flags', to='publication.listentry', verbose_name='名单条目')),
            ],
            options={
                'verbose_name': '未按期报送标记',
                'verbose_name_plural': '未按期报送标记',
                'db_table': 'reviews_overdueflag',
                'ordering': ['-year', 'entry__authority__sort_order', 'entry__unit_name', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Recheck',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('cycle', models.PositiveSmallIntegerField(help_text='列入名单后的第几个三年', verbose_name='复核轮次')),
                ('due_on', models.DateField(verbose_name='应复核日期')),
                ('status', models.CharField(choices=[('due', '待复核'), ('passed', '复核通过'), ('failed', '复核未通过')], default='due', max_length=8, verbose_name='状态')),
                ('reason', models.TextField(blank=True, verbose_name='复核意见')),
                ('recorded_at', models.DateTimeField(blank=True, null=True, verbose_name='复核时间')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('entry', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='rechecks', to='publication.listentry', verbose_name='名单条目')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='复核人')),
            ],
            options={
                'verbose_name': '复核',
                'verbose_name_plural': '复核',
                'db_table': 'reviews_recheck',
                'ordering': ['due_on', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Removal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reason', models.CharField(choices=[('negative_list', '负面清单事项'), ('major_accident', '重大事故'), ('on_site_failed', '现场评估关键指标不达标'), ('table_not_filed', '未按期报送动态管理表'), ('falsified_data', '数据造假'), ('material_change', '重大变化不再符合'), ('bottom_five_percent', '连续三年排名后5%')], max_length=24, verbose_name='撤销原因')),
                ('removed_on', models.DateField(verbose_name='撤销日期')),
                ('note', models.TextField(blank=True, verbose_name='说明')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('decided_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='决定人')),
                ('entry', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='removal', to='publication.listentry', verbose_name='名单条目')),
            ],
            options={
                'verbose_name': '撤销记录',
                'verbose_name_plural': '撤销记录',
                'db_table': 'reviews_removal',
                'ordering': ['-removed_on', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='SpotCheckDraw',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('seed', models.BigIntegerField(verbose_name='随机种子')),
                ('size', models.PositiveSmallIntegerField(verbose_name='抽取数量')),
                ('kind', models.CharField(blank=True, choices=[('factory', '绿色工厂'), ('product', '绿色设计产品'), ('park', '绿色工业园区'), ('supply_chain', '绿色供应链管理企业')], max_length=20, verbose_name='类别')),
                ('eligible_count', models.PositiveIntegerField(verbose_name='可抽取单位数')),
                ('note', models.TextField(blank=True, verbose_name='说明')),
                ('drawn_on', models.DateField(verbose_name='抽取日期')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('authority', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='greenlist.authority', verbose_name='推荐单位')),
                ('drawn_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='抽取人')),
            ],
            options={
                'verbose_name': '抽查批次',
                'verbose_name_plural': '抽查批次',
                'db_table': 'reviews_spotcheckdraw',
                'ordering': ['-drawn_on', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='SpotCheck',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('result', models.CharField(choices=[('pending', '待检查'), ('clean', '未发现问题'), ('problems', '发现问题')], default='pending', max_length=10, verbose_name='检查结果')),
                ('note', models.TextField(blank=True, verbose_name='检查说明')),
                ('checked_on', models.DateField(blank=True, null=True, verbose_name='检查日期')),
                ('entry', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='spot_checks', to='publication.listentry', verbose_name='名单条目')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('draw', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='checks', to='supervision.spotcheckdraw')),
            ],
            options={
                'verbose_name': '抽查',
                'verbose_name_plural': '抽查',
                'db_table': 'reviews_spotcheck',
                'ordering': ['draw', 'pk'],
            },
        ),
        migrations.AddIndex(
            model_name='dynamictable',
            index=models.Index(fields=['year', 'status'], name='reviews_dyn_year_3f9014_idx'),
        ),
        migrations.AddConstraint(
            model_name='dynamictable',
            constraint=models.UniqueConstraint(fields=('entry', 'year'), name='one_dynamic_table_per_year'),
        ),
        migrations.AddConstraint(
            model_name='greengrade',
            constraint=models.UniqueConstraint(fields=('entry', 'year'), name='one_green_grade_per_year'),
        ),
        migrations.AddConstraint(
            model_name='overdueflag',
            constraint=models.UniqueConstraint(fields=('entry', 'year'), name='one_overdue_flag_per_year'),
        ),
        migrations.AddConstraint(
            model_name='recheck',
            constraint=models.UniqueConstraint(fields=('entry', 'cycle'), name='one_recheck_per_entry_cycle'),
        ),
        migrations.AddConstraint(
            model_name='spotcheck',
            constraint=models.UniqueConstraint(fields=('draw', 'entry'), name='one_check_per_unit_per_draw'),
        ),
        migrations.AddConstraint(
            model_name='spotcheck',
            constraint=models.UniqueConstraint(condition=models.Q(('result', 'pending')), fields=('entry',), name='one_pending_check_per_unit'),
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations),
        take_over_content_types("supervision", MODELS),
    ]
