"""Building a store from input paths: in this process, in worker processes, or on a Dask cluster."""
