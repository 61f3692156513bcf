"""Item analysis (题目质量分析): how each question version behaved in finished contest attempts.

- `rules`: pure figures and flags (facility, discrimination, option spread), tested alone;
- `stats`: the set-based query that feeds them, per contest or across all contests;
- `export`: the XLSX for `flask banks stats`;
- `routes`: the page for bank maintainers.
"""
