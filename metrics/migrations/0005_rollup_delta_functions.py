"""SQL helpers of the rollup deltas (metrics/rollups/delta.py): a signed histogram from bins
encoded as sign * (bin + 1), and the sum of two sparse histograms without the bins that cancel."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION metrics_hist_signed(codes integer[]) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT COALESCE(jsonb_object_agg(bin::text, n) FILTER (WHERE n <> 0), '{}'::jsonb)
    FROM (SELECT abs(code) - 1 AS bin, SUM(sign(code))::bigint AS n
          FROM unnest(codes) AS code WHERE code IS NOT NULL GROUP BY abs(code) - 1) AS counts
$$;

CREATE OR REPLACE FUNCTION metrics_hist_add(a jsonb, b jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT COALESCE(jsonb_object_agg(bin, n) FILTER (WHERE n <> 0), '{}'::jsonb)
    FROM (SELECT bin, SUM(n::bigint) AS n
          FROM (SELECT * FROM jsonb_each_text(COALESCE(a, '{}'::jsonb))
                UNION ALL SELECT * FROM jsonb_each_text(COALESCE(b, '{}'::jsonb))) AS e(bin, n)
          GROUP BY bin) AS sums
$$;
"""
BACKWARD = """
DROP FUNCTION IF EXISTS metrics_hist_add(jsonb, jsonb);
DROP FUNCTION IF EXISTS metrics_hist_signed(integer[]);
"""


class Migration(migrations.Migration):
    dependencies = [("metrics", "0004_rollup_spans")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
