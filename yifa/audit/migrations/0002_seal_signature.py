from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditseal',
            name='key_id',
            field=models.CharField(blank=True, max_length=64, verbose_name='签名密钥'),
        ),
        migrations.AddField(
            model_name='auditseal',
            name='signature',
            field=models.CharField(blank=True, max_length=100, verbose_name='签名'),
        ),
    ]
