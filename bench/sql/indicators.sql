-- The evaluation indicators of one period, hand-written: the baseline of `make bench` (issue 10).
-- Computes, for every evaluated unit, the same value each source in evaluation/indicators/ computes
-- (bench/run.py asserts both agree), in one statement, without the references the engine also collects.
-- Tuned: no correlated subquery (late 双公示 drafts are one semi-join) and no OR across two joined clocks.
-- 双公示 (及时率, 合规率, 完整率) come from the decisions app, per issuing department (issue 18).
-- Parameters: %(start)s, %(end)s (the period), %(as_of)s (min(today, end)), %(units)s (evaluated unit ids),
-- %(period_id)s (for the imported figures), %(decision_ct)s (the content type of decisions).
-- Output: unit_id, indicator key, value (NULL rows are omitted: the engine then uses the source's "empty").
WITH
units AS (SELECT unnest(%(units)s::bigint[]) AS unit_id),
dishonesty AS (  -- dishonesty_records: count of counted records (objection_open = false); 0 when none
    SELECT u.unit_id, 'dishonesty_records'::text AS key, COALESCE(d.n, 0)::numeric AS value
    FROM units u
    LEFT JOIN (
        SELECT COALESCE(r.subject_unit_id, s.unit_id) AS unit_id, count(*) FILTER (WHERE NOT r.objection_open) AS n
        FROM records_creditrecord r
        LEFT JOIN records_civilservant s ON s.id = r.civil_servant_id
        WHERE r.kind IN ('judicial_judgment', 'administrative_penalty', 'government_sanction', 'party_sanction',
                         'accountability', 'judgment_defaulter', 'procurement', 'ppp', 'investment_promotion',
                         'property_rights', 'air_pollution', 'approval_time_limit', 'statistics',
                         'commitment_breach')
          AND r.status IN ('published', 'expired', 'repaired')
          AND r.decision_date BETWEEN %(start)s AND %(end)s
        GROUP BY 1
    ) d ON d.unit_id = u.unit_id
),
late_drafts AS (  -- 双公示 drafts whose reporting clock is running and already past due
    SELECT DISTINCT c.object_id AS decision_id
    FROM workdays_clock c
    WHERE c.content_type_id = %(decision_ct)s AND c.purpose = 'decision_reporting'
      AND c.state IN ('running', 'due_soon', 'overdue', 'very_overdue', 'paused')
      AND c.due_date < %(as_of)s
),
dual AS (  -- dual_publication_timely: the issuing department's first versions, on time / (on time + late)
    SELECT d.department_id AS unit_id,
           count(*) FILTER (WHERE d.published_on_time IS TRUE) AS on_time,
           count(*) FILTER (WHERE d.published_on_time IS FALSE
                            OR (d.status = 'draft' AND ld.decision_id IS NOT NULL)) AS late
    FROM decisions_decision d
    LEFT JOIN late_drafts ld ON ld.decision_id = d.id
    WHERE d.version = 1 AND d.decision_date BETWEEN %(start)s AND %(end)s
      AND d.department_id = ANY(%(units)s::bigint[])
    GROUP BY 1
),
checks AS (  -- dual_publication_compliance: rows that passed every check the first time
    SELECT department_id AS unit_id, count(*) FILTER (WHERE passed) AS on_time,
           count(*) FILTER (WHERE NOT passed) AS late
    FROM decisions_decisioncheck
    WHERE first_checked_on BETWEEN %(start)s AND %(end)s AND department_id = ANY(%(units)s::bigint[])
    GROUP BY 1
),
completeness AS (  -- dual_publication_completeness: the average of the latest versions in 1/10000, rounded
    -- half to even as the engine's round() does, as a percentage
    SELECT unit_id, 'dual_publication_completeness'::text AS key,
           round(CASE WHEN x - floor(x) = 0.5 AND floor(x)::bigint %% 2 = 0 THEN floor(x) ELSE round(x) END
                 * 100 / 10000.0, 4) AS value
    FROM (SELECT d.department_id AS unit_id, avg(d.completeness) * 10000 AS x
          FROM decisions_decision d
          WHERE d.decision_date BETWEEN %(start)s AND %(end)s AND d.department_id = ANY(%(units)s::bigint[])
            AND NOT EXISTS (SELECT 1 FROM decisions_decision n WHERE n.previous_id = d.id)
          GROUP BY 1) a
),
objections AS (  -- objections_on_time, as the providing unit; withdrawn ones do not count
    SELECT r.provider_id AS unit_id,
           count(*) FILTER (WHERE o.answered_on_time IS TRUE) AS on_time,
           count(*) FILTER (WHERE o.answered_on_time IS FALSE
                            OR (o.state IN ('submitted', 'under_review') AND c.due_date < %(as_of)s)) AS late
    FROM objections_objection o
    JOIN workdays_clock c ON c.id = o.clock_id
    JOIN records_creditrecord r ON r.id = o.record_id
    WHERE c.due_date BETWEEN %(start)s AND %(end)s
      AND r.provider_id = ANY(%(units)s::bigint[])
      AND o.state <> 'withdrawn'
    GROUP BY 1
),
rectification AS (  -- rectification_on_time: report dates in Asia/Shanghai against the report clock
    SELECT k.unit_id,
           count(*) FILTER (WHERE k.reported_at IS NOT NULL
                            AND (k.reported_at AT TIME ZONE 'Asia/Shanghai')::date <= c.due_date) AS on_time,
           count(*) FILTER (WHERE (k.reported_at AT TIME ZONE 'Asia/Shanghai')::date > c.due_date
                            OR (k.reported_at IS NULL AND c.due_date < %(as_of)s)) AS late
    FROM records_rectificationcase k
    JOIN workdays_clock c ON c.id = k.report_clock_id
    WHERE c.due_date BETWEEN %(start)s AND %(end)s AND k.unit_id = ANY(%(units)s::bigint[])
    GROUP BY 1
),
commitments AS (  -- commitment_fulfilment: fully = 1, partly = 1/2, not kept = 0
    SELECT unit_id,
           2 * count(*) FILTER (WHERE status = 'fulfilled') + count(*) FILTER (WHERE status = 'partly_fulfilled')
               AS on_time,
           2 * count(*) - (2 * count(*) FILTER (WHERE status = 'fulfilled')
                           + count(*) FILTER (WHERE status = 'partly_fulfilled')) AS late
    FROM commitments_commitment
    WHERE status IN ('fulfilled', 'partly_fulfilled', 'unfulfilled')
      AND concluded_on BETWEEN %(start)s AND %(end)s AND unit_id = ANY(%(units)s::bigint[])
    GROUP BY 1
),
due_clues AS (  -- clues with a step due in the period: one indexed range per clock, not an OR over both
    SELECT d.id FROM disputes_disputeclue d JOIN workdays_clock ca ON ca.id = d.acknowledge_clock_id
    WHERE ca.due_date BETWEEN %(start)s AND %(end)s AND d.handling_unit_id = ANY(%(units)s::bigint[])
    UNION
    SELECT d.id FROM disputes_disputeclue d JOIN workdays_clock cc ON cc.id = d.conclude_clock_id
    WHERE cc.due_date BETWEEN %(start)s AND %(end)s AND d.handling_unit_id = ANY(%(units)s::bigint[])
),
clue_steps AS (  -- dispute_clues_on_time: the acknowledge and the conclude step each count once when due
    SELECT d.handling_unit_id AS unit_id,
           (ca.due_date BETWEEN %(start)s AND %(end)s) AS ack_due,
           (cc.due_date BETWEEN %(start)s AND %(end)s) AS conc_due,
           d.state IN ('triage', 'assigned', 'acknowledged') AS is_open,
           d.acknowledged_on_time, d.acknowledged_on, ca.due_date AS ack_date,
           d.concluded_on_time, d.concluded_on, cc.due_date AS conc_date
    FROM due_clues
    JOIN disputes_disputeclue d ON d.id = due_clues.id
    LEFT JOIN workdays_clock ca ON ca.id = d.acknowledge_clock_id
    LEFT JOIN workdays_clock cc ON cc.id = d.conclude_clock_id
),
clues AS (
    SELECT unit_id,
           count(*) FILTER (WHERE ack_due AND acknowledged_on_time IS TRUE)
           + count(*) FILTER (WHERE conc_due AND concluded_on_time IS TRUE) AS on_time,
           count(*) FILTER (WHERE ack_due AND (acknowledged_on_time IS FALSE
                            OR (is_open AND acknowledged_on IS NULL AND ack_date < %(as_of)s)))
           + count(*) FILTER (WHERE conc_due AND (concluded_on_time IS FALSE
                              OR (is_open AND concluded_on IS NULL AND conc_date < %(as_of)s))) AS late
    FROM clue_steps
    GROUP BY 1
),
tasks AS (  -- work_tasks_on_time
    SELECT unit_id,
           count(*) FILTER (WHERE on_time IS TRUE) AS on_time,
           count(*) FILTER (WHERE on_time IS FALSE OR (submitted_on IS NULL AND due_date < %(as_of)s)) AS late
    FROM evaluation_taskassignment
    WHERE due_date BETWEEN %(start)s AND %(end)s AND unit_id = ANY(%(units)s::bigint[])
    GROUP BY 1
),
rates AS (
    SELECT unit_id, 'dual_publication_timely' AS key, on_time, late FROM dual
    UNION ALL SELECT unit_id, 'dual_publication_compliance', on_time, late FROM checks
    UNION ALL SELECT unit_id, 'objections_on_time', on_time, late FROM objections
    UNION ALL SELECT unit_id, 'rectification_on_time', on_time, late FROM rectification
    UNION ALL SELECT unit_id, 'commitment_fulfilment', on_time, late FROM commitments
    UNION ALL SELECT unit_id, 'dispute_clues_on_time', on_time, late FROM clues
    UNION ALL SELECT unit_id, 'work_tasks_on_time', on_time, late FROM tasks
),
figures AS (  -- the imported figures of the period (clauses 3, 15, 16)
    SELECT unit_id, key, value FROM evaluation_inputvalue
    WHERE period_id = %(period_id)s AND unit_id = ANY(%(units)s::bigint[])
),
imported AS (
    SELECT unit_id, key, value FROM figures WHERE key IN ('hotline_on_time_rate', 'hotline_satisfaction')
    UNION ALL
    SELECT unit_id, 'tv_supervision_findings', trunc(value) FROM figures WHERE key = 'tv_findings'
    UNION ALL
    SELECT p.unit_id, s.indicator, round(trunc(p.value) * 100 / trunc(w.value), 4)
    FROM (VALUES ('air_quality_targets', 'air_targets_met', 'air_targets'),
                 ('property_disputes_handled', 'property_handled', 'property_cases')) AS s(indicator, part, whole)
    JOIN figures p ON p.key = s.part
    JOIN figures w ON w.key = s.whole AND w.unit_id = p.unit_id AND trunc(w.value) <> 0
)
SELECT unit_id, key, value FROM dishonesty
UNION ALL
SELECT unit_id, key, round(on_time * 100.0 / (on_time + late), 4) FROM rates WHERE on_time + late > 0
UNION ALL
SELECT unit_id, key, value FROM imported
UNION ALL
SELECT unit_id, key, value FROM completeness
ORDER BY 1, 2
