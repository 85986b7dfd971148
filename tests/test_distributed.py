"""Scale-out: the same per-document function on a Dask cluster gives the same rows as local workers."""

import pandas as pd
import pytest
from conftest import FIXTURES, RAW

from pipeline.cli import main
from pipeline.run.graph import DOC_OUTPUTS


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield local


def test_the_dask_path_gives_the_same_rows_as_the_local_path(cluster, tmp_path):
    files = [str(RAW / "000_eb3511b572ad8bca.txt"), str(FIXTURES / "office" / "features.pdf")]
    assert main(["run", *files, "-o", str(tmp_path / "local")]) == 0
    assert main(["run", *files, "-o", str(tmp_path / "dask"), "--scheduler", cluster.scheduler_address]) == 0
    for table in DOC_OUTPUTS:
        local = pd.read_parquet(tmp_path / "local" / f"{table}.parquet")
        remote = pd.read_parquet(tmp_path / "dask" / f"{table}.parquet")
        pd.testing.assert_frame_equal(local, remote, obj=table)
    for name in DOC_OUTPUTS:
        assert (tmp_path / "local" / f"{name}.parquet").read_bytes() == (
            tmp_path / "dask" / f"{name}.parquet"
        ).read_bytes()
