"""Email: compose the monthly report email (.eml, with CSV and HTML attached) into $PIT_DATA_DIR/outbox."""

import json
import os
import sys
from pathlib import Path

# This file is called email.py: drop its folder from sys.path so `import email` finds the stdlib package.
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent / "src"))

from email.message import EmailMessage  # noqa: E402
from email.utils import formatdate, make_msgid  # noqa: E402

from reports import data_dir, report_files  # noqa: E402
from reports.templates import email_text  # noqa: E402

report = json.loads((data_dir() / "report.json").read_text())
month, rows = report["month"], report["rows"]
recipients = [a.strip() for a in os.environ.get("REPORT_RECIPIENTS", "data-team@example.com").split(",") if a.strip()]

message = EmailMessage()
message["From"] = "Pit reports <pit@example.com>"
message["To"] = ", ".join(recipients)
message["Subject"] = f"Claims by provider, {month}"
message["Date"] = formatdate(localtime=True)
message["Message-ID"] = make_msgid(domain="pit.example.com")
message.set_content(email_text(month, rows))
files = report_files(month)
message.add_attachment(files["csv"].read_bytes(), maintype="text", subtype="csv", filename=files["csv"].name)
message.add_attachment(files["html"].read_bytes(), maintype="text", subtype="html", filename=files["html"].name)

outbox = data_dir() / "outbox"
outbox.mkdir(exist_ok=True)
path = outbox / f"monthly_report_{month}.eml"
path.write_bytes(bytes(message))
print(f"composed {path.name} for {', '.join(recipients)} ({path.stat().st_size} bytes); sending is left to the SMTP connector")
