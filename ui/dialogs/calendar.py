"""File ▸ Connect a calendar: a CalDAV calendar's address, user and password; tried before it is kept."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLineEdit, QWidget

from ui.dialogs.forms import FormDialog, Submit


class ConnectCalendarDialog(FormDialog):
    """Nextcloud, Fastmail, iCloud (an app password), Radicale …: a CalDAV address (docs/calendar.md)."""

    def __init__(self, submit: Submit, settings: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__("Connect a calendar", submit, parent)
        self.set_intro(
            "Daymap keeps one calendar and your plan in step, both ways: a step moved on your phone is moved "
            "here, a meeting with a client becomes the account's next step, and meetings fill your day."
        )
        url = QLineEdit(str(settings.get("url") or ""))
        url.setPlaceholderText("https://cloud.example.com/remote.php/dav/")
        self.add_field("url", "Calendar address", url)
        self.add_field("user", "User name", QLineEdit(str(settings.get("user") or "")))
        password = QLineEdit()
        password.setEchoMode(QLineEdit.EchoMode.Password)
        self.add_field("password", "Password", password)
        self.add_field("calendar", "Calendar", QLineEdit(str(settings.get("name") or "Daymap")))
        self.set_ok_text("Connect")

    def values(self) -> dict[str, Any]:
        return {
            "url": self.field("url").text().strip(),
            "user": self.field("user").text().strip() or None,
            "password": self.field("password").text() or None,
            "calendar": self.field("calendar").text().strip() or "Daymap",
        }
