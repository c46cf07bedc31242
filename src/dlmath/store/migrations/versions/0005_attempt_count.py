"""Each learner keeps the number of their attempts, so that checking the cached states
against the history (every session start, every ``progress``) is one row read, not a
count of the whole history. Filled from the attempts already stored.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # a plain ADD COLUMN, not a batch copy: other tables' foreign keys point at users
    op.add_column(
        "users",
        sa.Column("attempt_count", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
    )
    op.execute(
        "UPDATE users SET attempt_count = "
        "(SELECT count(*) FROM attempts WHERE attempts.user_id = users.id)"
    )


def downgrade() -> None:
    op.drop_column("users", "attempt_count")
