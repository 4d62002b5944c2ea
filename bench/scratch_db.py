"""A benchmark's own PostgreSQL database, made from the URL of a server it may create databases on."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def admin_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise SystemExit("--database-url: a PostgreSQL URL is needed")
    return urlunsplit(parts._replace(scheme="postgresql"))


def url_of(url: str, name: str) -> str:
    """The URL of database ``name`` on the server of ``url``."""
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def drop(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url(url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def recreate(url: str, name: str) -> str:
    """Drop and create database ``name``; returns its URL."""
    import psycopg

    drop(url, name)
    with psycopg.connect(admin_url(url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return url_of(url, name)
