"""SQL helpers of the rollup fill (metrics/rollups/sql.py): the histogram bin of a duration
(the twin of metrics.histograms.bin_of, tested against it), a sparse {"bin": count} jsonb from
an array of bins, and an aggregate that concatenates arrays."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION metrics_hist_bin(seconds double precision) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE
        WHEN seconds < 1 THEN 0
        WHEN power(1.1::float8, guess - 1) > seconds THEN guess - 1
        WHEN power(1.1::float8, guess) <= seconds THEN guess + 1
        ELSE guess
    END
    FROM (SELECT CASE WHEN seconds < 1 THEN 0
                 ELSE floor(ln(seconds) / ln(1.1::float8))::integer + 1 END AS guess) AS g
$$;

CREATE OR REPLACE FUNCTION metrics_hist_of(bins integer[]) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT COALESCE(jsonb_object_agg(bin::text, n), '{}'::jsonb)
    FROM (SELECT bin, COUNT(*) AS n FROM unnest(bins) AS bin GROUP BY bin) AS counts
$$;

CREATE OR REPLACE AGGREGATE metrics_array_cat_agg(anycompatiblearray) (
    SFUNC = array_cat, STYPE = anycompatiblearray, INITCOND = '{}'
);
"""
BACKWARD = """
DROP AGGREGATE IF EXISTS metrics_array_cat_agg(anycompatiblearray);
DROP FUNCTION IF EXISTS metrics_hist_of(integer[]);
DROP FUNCTION IF EXISTS metrics_hist_bin(double precision);
"""


class Migration(migrations.Migration):
    dependencies = [("metrics", "0002_facts_rollups")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
