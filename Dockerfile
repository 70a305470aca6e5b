# The portal's image: web (gunicorn), worker and beat all run it (see docker-compose.yml).
FROM python:3.11-slim-bookworm

# PYTHONPATH: the code in /app (beside manage.py, templates/, node_modules/) wins over the
# copy `pip install .` puts in site-packages, so settings.BASE_DIR is /app for every command.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app

# libpq-dev, gcc, libc6-dev: psycopg2 builds from source (gcc only recommends libc6-dev);
# Pango/HarfBuzz: WeasyPrint; fonts-noto-cjk: Chinese in PDF reports; nodejs/npm: the
# front-end packages (no CDN).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpq-dev gcc libc6-dev libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk nodejs npm \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 greenlist

WORKDIR /app

COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund && npm cache clean --force

COPY . .
RUN pip install . \
    && DJANGO_SECRET_KEY=build-only-not-secret DJANGO_DEBUG=0 python manage.py collectstatic --noinput \
    && mkdir -p var/private var/media \
    && chown -R greenlist:greenlist staticfiles var

USER greenlist
EXPOSE 8000
CMD ["gunicorn", "greenlist.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
