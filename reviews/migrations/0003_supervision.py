
import django.db.models.deletion
import reviews.publication.models
from django.conf import settings
from django.db import migrations, models


def fill_public_codes(apps, schema_editor):
    ListEntry = apps.get_model("reviews", "ListEntry")
    for pk in ListEntry.objects.filter(public_code__isnull=True).values_list("pk", flat=True).iterator():
        # .update(): the historical model has no immutability guard, and this fills only the new column.
        ListEntry.objects.filter(pk=pk).update(public_code=reviews.publication.models.new_public_code())


class Migration(migrations.Migration):

    dependencies = [
        ('greenlist', '0005_notifications'),
        ('reviews', '0002_imports'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # A unique code per existing entry: added empty, filled row by row, then made unique
        # (a callable default would give every existing row the same value).
        migrations.AddField(
            model_name='listentry',
            name='public_code',
            field=models.CharField(editable=False, max_length=16, null=True, verbose_name='验证码'),
        ),
        migrations.RunPython(fill_public_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='listentry',
            name='public_code',
            field=models.CharField(default=reviews.publication.models.new_public_code, editable=False, max_length=16, unique=True, verbose_name='验证码'),
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
                ('entry', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='removal', to='reviews.listentry', verbose_name='名单条目')),
            ],
            options={
                'verbose_name': '撤销记录',
                'verbose_name_plural': '撤销记录',
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
                'ordering': ['-drawn_on', '-pk'],
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
                ('entry', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='rechecks', to='reviews.listentry', verbose_name='名单条目')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='复核人')),
            ],
            options={
                'verbose_name': '复核',
                'verbose_name_plural': '复核',
                'ordering': ['due_on', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('entry', 'cycle'), name='one_recheck_per_entry_cycle')],
            },
        ),
        migrations.CreateModel(
            name='SpotCheck',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('result', models.CharField(choices=[('pending', '待检查'), ('clean', '未发现问题'), ('problems', '发现问题')], default='pending', max_length=10, verbose_name='检查结果')),
                ('note', models.TextField(blank=True, verbose_name='检查说明')),
                ('checked_on', models.DateField(blank=True, null=True, verbose_name='检查日期')),
                ('entry', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='spot_checks', to='reviews.listentry', verbose_name='名单条目')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('draw', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='checks', to='reviews.spotcheckdraw')),
            ],
            options={
                'verbose_name': '抽查',
                'verbose_name_plural': '抽查',
                'ordering': ['draw', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('draw', 'entry'), name='one_check_per_unit_per_draw')],
            },
        ),
    ]
