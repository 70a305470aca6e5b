"""The recommendation stage takes over its tables from the reviews app: the models enter this app's
state only (the tables stay as they are, under their reviews_* names), and their content types are
renamed in the same step."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from reviews.handover import take_over_content_types

MODELS = ('rankingposition', 'recommendation', 'authorityrecommendation')


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
            name='RankingPosition',
            fields=[
                ('declaration', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='ranking_position', serialize=False, to='applications.declaration')),
                ('position', models.PositiveIntegerField(verbose_name='排序')),
            ],
            options={
                'verbose_name': '排序位置',
                'verbose_name_plural': '排序位置',
                'db_table': 'reviews_rankingposition',
            },
        ),
        migrations.CreateModel(
            name='Recommendation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('rank', models.PositiveSmallIntegerField(help_text='1 为最强', verbose_name='排序')),
                ('recommended_at', models.DateTimeField(auto_now_add=True, verbose_name='推荐时间')),
                ('declaration', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='recommendation', to='applications.declaration')),
                ('recommended_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': '省级推荐',
                'verbose_name_plural': '省级推荐',
                'db_table': 'reviews_recommendation',
                'ordering': ['rank'],
            },
        ),
        migrations.CreateModel(
            name='AuthorityRecommendation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='报送时间')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('authority', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='greenlist.authority', verbose_name='推荐单位')),
                ('batch', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='greenlist.batch', verbose_name='批次')),
                ('submitted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='报送人')),
            ],
            options={
                'verbose_name': '推荐报送',
                'verbose_name_plural': '推荐报送',
                'db_table': 'reviews_authorityrecommendation',
                'constraints': [models.UniqueConstraint(fields=('batch', 'authority'), name='one_recommendation_per_authority')],
            },
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations),
        take_over_content_types("recommendation", MODELS),
    ]
