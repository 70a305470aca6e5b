"""The publication stage takes over its tables from the reviews app: the models enter this app's
state only (the tables stay as they are, under their reviews_* names), and their content types are
renamed in the same step."""

import django.db.models.deletion
import greenlist.files
import reviews.publication.models
from django.conf import settings
from django.db import migrations, models

from reviews.handover import take_over_content_types

MODELS = ('publicity', 'objection', 'listentry', 'publicationexport')


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
            name='Publicity',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('starts_on', models.DateField(verbose_name='公示开始')),
                ('ends_on', models.DateField(verbose_name='公示结束')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('batch', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='publicities', to='greenlist.batch')),
                ('declarations', models.ManyToManyField(blank=True, db_table='reviews_publicity_declarations', related_name='publicities', to='applications.declaration', verbose_name='公示单位')),
                ('started_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': '公示',
                'verbose_name_plural': '公示',
                'db_table': 'reviews_publicity',
                'ordering': ['-starts_on', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='Objection',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100, verbose_name='异议人')),
                ('contact', models.CharField(max_length=100, verbose_name='联系方式')),
                ('grounds', models.TextField(verbose_name='异议理由')),
                ('status', models.CharField(choices=[('open', '待处理'), ('upheld', '异议成立'), ('dismissed', '异议不成立')], default='open', max_length=10, verbose_name='状态')),
                ('resolution', models.TextField(blank=True, verbose_name='处理意见')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='提出时间')),
                ('evidence', models.FileField(blank=True, max_length=200, storage=greenlist.files.get_private_storage, upload_to=greenlist.files.RandomName('objection-evidence'), verbose_name='证明材料')),
                ('evidence_name', models.CharField(blank=True, max_length=200, verbose_name='证明材料文件名')),
                ('evidence_type', models.CharField(blank=True, max_length=100, verbose_name='证明材料类型')),
                ('evidence_size', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='证明材料大小（字节）')),
                ('ip_address', models.GenericIPAddressField(blank=True, null=True, verbose_name='来源 IP')),
                ('resolved_at', models.DateTimeField(blank=True, null=True, verbose_name='处理时间')),
                ('declaration', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='objections', to='applications.declaration')),
                ('resolved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='处理人')),
                ('publicity', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='objections', to='publication.publicity')),
            ],
            options={
                'verbose_name': '异议',
                'verbose_name_plural': '异议',
                'db_table': 'reviews_objection',
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='ListEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('factory', '绿色工厂'), ('product', '绿色设计产品'), ('park', '绿色工业园区'), ('supply_chain', '绿色供应链管理企业')], max_length=20, verbose_name='类别')),
                ('level', models.CharField(choices=[('national', '国家级'), ('provincial', '省级'), ('municipal', '市级')], default='national', max_length=12, verbose_name='级别')),
                ('unit_name', models.CharField(max_length=300, verbose_name='名称')),
                ('uscc', models.CharField(blank=True, max_length=18, verbose_name='统一社会信用代码')),
                ('agency_name', models.CharField(blank=True, max_length=200, verbose_name='第三方评价机构')),
                ('published_on', models.DateField(verbose_name='发布日期')),
                ('product_name', models.CharField(blank=True, max_length=300, verbose_name='产品名称')),
                ('product_model', models.CharField(blank=True, max_length=300, verbose_name='产品型号')),
                ('product_category', models.CharField(blank=True, max_length=100, verbose_name='产品种类')),
                ('product_standard', models.CharField(blank=True, max_length=300, verbose_name='适用评价标准')),
                ('published_industry', models.CharField(blank=True, max_length=30, verbose_name='公布的行业')),
                ('import_key', models.CharField(blank=True, editable=False, max_length=64, verbose_name='导入键')),
                ('public_code', models.CharField(default=reviews.publication.models.new_public_code, editable=False, max_length=16, unique=True, verbose_name='验证码')),
                ('authority', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='greenlist.authority', verbose_name='推荐单位')),
                ('batch', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='entries', to='greenlist.batch', verbose_name='批次')),
                ('declaration', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='list_entry', to='applications.declaration')),
                ('industry', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='greenlist.industry', verbose_name='行业')),
            ],
            options={
                'verbose_name': '名单条目',
                'verbose_name_plural': '名单条目',
                'db_table': 'reviews_listentry',
                'ordering': ['-published_on', 'authority__sort_order', 'pk'],
                'indexes': [models.Index(fields=['kind', 'batch'], name='reviews_lis_kind_7b1d93_idx'), models.Index(fields=['authority', 'kind'], name='reviews_lis_authori_eb018c_idx'), models.Index(fields=['uscc'], name='reviews_lis_uscc_e4b4b6_idx'), models.Index(fields=['unit_name'], name='reviews_lis_unit_na_81dbeb_idx')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('import_key', ''), _negated=True), fields=('import_key',), name='one_entry_per_import_key')],
            },
        ),
        migrations.CreateModel(
            name='PublicationExport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('pending', '排队中'), ('running', '生成中'), ('done', '已生成'), ('failed', '生成失败')], default='pending', max_length=8, verbose_name='状态')),
                ('error', models.TextField(blank=True, verbose_name='错误信息')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='申请时间')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='完成时间')),
                ('format', models.CharField(choices=[('xlsx', 'Excel'), ('pdf', 'PDF')], max_length=4, verbose_name='格式')),
                ('file', models.FileField(blank=True, max_length=200, storage=greenlist.files.get_private_storage, upload_to=greenlist.files.RandomName('publication-exports'), verbose_name='文件')),
                ('entries', models.PositiveIntegerField(blank=True, null=True, verbose_name='条目数')),
                ('batch', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='publication_exports', to='greenlist.batch', verbose_name='批次')),
                ('requested_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='申请人')),
            ],
            options={
                'verbose_name': '名单发布文件',
                'verbose_name_plural': '名单发布文件',
                'db_table': 'reviews_publicationexport',
                'ordering': ['-created_at', '-pk'],
                'abstract': False,
                'constraints': [models.UniqueConstraint(condition=models.Q(('status__in', ['pending', 'running'])), fields=('batch', 'format'), name='one_live_publication_export')],
            },
        ),
        migrations.AddIndex(
            model_name='publicity',
            index=models.Index(fields=['ends_on', 'starts_on'], name='reviews_pub_ends_on_f74518_idx'),
        ),
        migrations.AddIndex(
            model_name='objection',
            index=models.Index(fields=['status', 'created_at'], name='reviews_obj_status_ba9aab_idx'),
        ),
        migrations.AddIndex(
            model_name='objection',
            index=models.Index(fields=['declaration', 'status'], name='reviews_obj_declara_e462cf_idx'),
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations),
        take_over_content_types("publication", MODELS),
    ]
