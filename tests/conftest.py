"""Shared fixtures: indexes built from the real seeds (and, when ../shared is
present, a sample of the clickid-2019 corpus), and a fresh Flask app per test."""

from __future__ import annotations

import gzip
import itertools
from pathlib import Path

import pytest

from search.indexing.pipeline import index_paths
from search.retrieval.service import SearchIndex
from web import create_app

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CORPORA = ROOT.parent / "shared" / "corpora"
CLICKID = CORPORA / "clickid-2019" / "articles.jsonl.gz"
#: Every n-th clickid record goes into the sample (about 300 articles, all outlets).
CLICKID_STRIDE = 73


def require_corpus(path: Path) -> Path:
    """``path``, or skip the test when ../shared is not beside the checkout."""
    if not path.exists():
        pytest.skip(f"corpus not available: {path} (../shared/corpora is absent)")
    return path


@pytest.fixture(scope="session")
def seed_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the five seed articles, built once per test session."""
    directory = tmp_path_factory.mktemp("seed-index")
    summary = index_paths([SEEDS], directory)
    assert summary.indexed == 5 and not summary.skipped
    return directory


@pytest.fixture
def seed_index(seed_index_dir: Path):
    """The seed index, opened for searching."""
    index = SearchIndex(seed_index_dir)
    yield index
    index.close()


@pytest.fixture(scope="session")
def clickid_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A gzip'd JSON Lines sample of clickid-2019 (every 73rd article)."""
    source = require_corpus(CLICKID)
    target = tmp_path_factory.mktemp("clickid") / "sample.jsonl.gz"
    with gzip.open(source, "rt", encoding="utf-8") as lines, gzip.open(target, "wt", encoding="utf-8") as out:
        out.writelines(itertools.islice(lines, 0, None, CLICKID_STRIDE))
    return target


@pytest.fixture(scope="session")
def mixed_index_dir(tmp_path_factory: pytest.TempPathFactory, clickid_sample: Path) -> Path:
    """An index of the seeds plus the clickid sample."""
    directory = tmp_path_factory.mktemp("mixed-index")
    index_paths([SEEDS, clickid_sample], directory)
    return directory


@pytest.fixture
def mixed_index(mixed_index_dir: Path):
    index = SearchIndex(mixed_index_dir)
    yield index
    index.close()


@pytest.fixture
def app(seed_index_dir: Path):
    """A fresh application over the seed index, per test."""
    application = create_app(index_dir=seed_index_dir, config={"TESTING": True})
    yield application
    application.extensions["telusur.index"].close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def mixed_client(mixed_index_dir: Path):
    application = create_app(index_dir=mixed_index_dir, config={"TESTING": True})
    yield application.test_client()
    application.extensions["telusur.index"].close()
