"""``manage.py ledger seal | verify | export-head``: the tamper-evident chain from the shell.

``verify`` exits 1 when anything does not match (an edited or deleted row, a broken link, a
chain that no longer matches an exported head), printing each problem.
"""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts import ledger


class Command(BaseCommand):
    help = "Seal new history rows into the hash chain, verify the chain, or export today's head."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("seal", help="append an entry for every unsealed history row")
        verify = sub.add_parser("verify", help="recompute the chain and compare with the rows and exported heads")
        verify.add_argument("--heads", help="folder of exported head files (default: LEDGER_EXPORT_DIR)")
        export = sub.add_parser("export-head", help="write today's head to LEDGER_EXPORT_DIR and notify the office")
        export.add_argument("--no-notify", action="store_true")

    def handle(self, *args, action, **options):
        if action == "seal":
            added = ledger.ledger_seal_all()
            sequence = ledger.ledger_summary()["sequence"]
            self.stdout.write(f"sealed {added} rows; chain length {sequence}")
        elif action == "export-head":
            head = ledger.ledger_export_head(notify=not options["no_notify"])
            self.stdout.write(f"{head['sequence']} {head['entry_hash']} -> {head['path']}")
        else:
            folder = Path(options["heads"]) if options.get("heads") else None
            result = ledger.ledger_verify(heads=ledger.exported_heads(folder))
            summary = (f"entries {result.entries}, exported heads checked {result.heads_checked}, "
                       f"unsealed rows {result.unsealed}")
            if result.ok:
                self.stdout.write(f"ledger OK: {summary}")
                return
            for line in result.problems():
                self.stderr.write(line)
            raise CommandError(f"ledger verification FAILED ({len(result.problems())} problems): {summary}")
