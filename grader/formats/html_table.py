"""One exercise's result as an HTML table: what ``check()`` shows in a Jupyter or Colab notebook.

Rendered with jinja2 and autoescaping on, so whatever a submission put in a message reaches the page as text,
never as markup."""
from __future__ import annotations

import jinja2

from grader.core import i18n
from grader.core.results import ExerciseResult

_TEMPLATE = """\
<div class="grade-check">
<style>
.grade-check table { border-collapse: collapse; text-align: left }
.grade-check caption { text-align: left; font-weight: bold; padding-bottom: 4px }
.grade-check th, .grade-check td { padding: 2px 8px; vertical-align: top }
.grade-check tbody tr { border-top: 1px solid #ddd }
.grade-check tr.total { border-top: 2px solid #999; font-weight: bold }
.grade-check .points { text-align: right; white-space: nowrap }
.grade-check .name { white-space: nowrap }
.grade-check pre { margin: 0; white-space: pre-wrap }
.grade-check .ok { color: green } .grade-check .bad { color: red } .grade-check .not_checked { color: #b58900 }
.grade-check p { margin: 4px 0 } .grade-check p.dim { color: #666 }
</style>
<table>
<caption>{{ caption }}</caption>
<thead><tr><th>{{ t.test }}</th><th class="points">{{ t.points }}</th><th>{{ t.feedback }}</th></tr></thead>
<tbody>
{%- for test in tests %}
<tr class="{{ test.status }}">
  {%- set mark = 'ok' if test.passed else ('not_checked' if test.status == 'not_checked' else 'bad') %}
  <td class="name"><span class="{{ mark }}">{{ '✔' if test.passed else '✘' }}</span> {{ test.name }}</td>
  <td class="points">{{ '%g' % test.score }} / {{ '%g' % test.max_score }}</td>
  <td>{% if test.passed %}{{ t.ok }}{% else %}<pre>{{ test.message }}</pre>{% endif %}</td>
</tr>
{%- endfor %}
<tr class="total"><td>{{ t.total }}</td><td class="points">{{ '%g' % result.score }} / {{ '%g' % result.max_score }}
</td><td></td></tr>
</tbody>
</table>
{%- for note in notes %}<p>{{ note }}</p>{% endfor %}
{%- if result.error %}<pre class="bad">{{ result.error }}</pre>{% endif %}
<p class="dim">{{ t.isolation }}: {{ result.isolation }}</p>
</div>
"""

_ENV = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)


def exercise_html(result: ExerciseResult, lang: str) -> str:
    """The result's table (every test, its points and, for a failure, the whole message) and the lines that
    follow it in the terminal report (notes, the public-checks-only warning, the isolation used)."""
    keys = ("test", "points", "feedback", "ok", "total", "isolation")
    t = {k: i18n.t(f"core.report.{k}", lang) for k in keys}
    from grader.formats.text import review_lines

    notes = list(result.notes) + review_lines(result.review, lang)
    notes += [i18n.t("core.public_only", lang)] if result.public_only else []
    return _ENV.from_string(_TEMPLATE).render(
        caption=f"{result.exercise} · {result.title}", t=t, tests=result.tests, result=result, notes=notes)
