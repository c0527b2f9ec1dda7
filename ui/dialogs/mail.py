"""Edit ▸ Mail: the rep's own addresses, an IMAP account and a local mail folder Daymap reads in the background."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from ui.dialogs import documents_folder
from ui.dialogs.forms import FormDialog, Submit


class MailSettingsDialog(FormDialog):
    """Where Daymap finds the rep's mail; a password typed here goes to the keyring, never to the store."""

    def __init__(self, submit: Submit, settings: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__("Mail", submit, parent)
        self.set_intro(
            "Every email with a client becomes a touch, logged once. Daymap reads only who wrote to whom, "
            "when and the subject: never a message's text."
        )
        imap = settings.get("imap") or {}
        self.add_field("me", "Your addresses", QLineEdit(", ".join(settings.get("me", ()))))
        self.field("me").setPlaceholderText("me@mycompany.com, me@gmail.com")
        server = f"{imap['host']}:{imap['port']}" if imap else ""
        host = QLineEdit(server)
        host.setPlaceholderText("imap.mycompany.com")
        self.add_field("server", "IMAP server", host)
        self.add_field("user", "User name", QLineEdit(imap.get("user", "")))
        password = QLineEdit()
        password.setEchoMode(QLineEdit.EchoMode.Password)
        password.setPlaceholderText("kept in your keyring" if imap else "")
        self.add_field("password", "Password", password)
        self.add_field("folders", "Folders", QLineEdit(", ".join(imap.get("folders", ["INBOX"]))))
        plain = QCheckBox("Without TLS (a server on this computer only)")
        plain.setChecked(bool(imap.get("plain")))
        self.add_field("plain", "", plain)
        folder = QWidget()
        row = QHBoxLayout(folder)
        row.setContentsMargins(0, 0, 0, 0)
        self.watch = QLineEdit(settings.get("watch", ""))
        self.watch.setPlaceholderText("a Thunderbird mbox or a Maildir folder")
        self.watch.setAccessibleName("A mail folder to read")
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._on_browse_clicked)
        row.addWidget(self.watch, 1)
        row.addWidget(browse)
        self.add_field("watch", "A mail folder to read", folder)
        self.set_ok_text("Save")

    def _on_browse_clicked(self) -> None:
        name = (
            QFileDialog.getExistingDirectory(self, "A Maildir folder", documents_folder())
            or QFileDialog.getOpenFileName(self, "An mbox file", documents_folder())[0]
        )
        if name:
            self.watch.setText(name)

    def values(self) -> dict[str, Any]:
        def words(key: str) -> list[str]:
            return [part.strip() for part in self.field(key).text().replace(";", ",").split(",") if part.strip()]

        return {
            "me": words("me"),
            "server": self.field("server").text().strip(),
            "user": self.field("user").text().strip(),
            "password": self.field("password").text(),
            "folders": words("folders"),
            "plain": self.field("plain").isChecked(),
            "watch": self.watch.text().strip() or None,
        }


class NewPeopleDialog(FormDialog):
    """People writing from companies the rep knows: tick those to add as contacts; never added unasked."""

    def __init__(
        self,
        submit: Submit,
        newcomers: dict[str, tuple[str, str | None]],
        account_names: dict[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("New people from mail", submit, parent)
        self.set_intro(
            "They wrote from the domain of a company you plan with. Tick the ones to add as contacts there; "
            "the others are not offered again."
        )
        self.people = QListWidget()
        self.people.setAccessibleName("People to add")
        for address, (account, name) in sorted(newcomers.items(), key=lambda item: (item[1][0], item[0])):
            label = f"{name} <{address}>" if name else address
            item = QListWidgetItem(f"{label} — {account_names.get(account, account)}")
            item.setData(Qt.ItemDataRole.UserRole, (address, account, name))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.people.addItem(item)
        self.add_field("people", "", self.people)
        self.set_ok_text("Add the ticked people")

    def values(self) -> dict[str, Any]:
        chosen: dict[str, tuple[str, str | None]] = {}
        declined: list[str] = []
        for row in range(self.people.count()):
            item = self.people.item(row)
            address, account, name = item.data(Qt.ItemDataRole.UserRole)
            if item.checkState() == Qt.CheckState.Checked:
                chosen[address] = (account, name)
            else:
                declined.append(address)
        return {"chosen": chosen, "declined": declined}
