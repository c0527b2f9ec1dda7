"""Desktop notifications through the freedesktop service on D-Bus (``org.freedesktop.Notifications``).

Sent with jeepney: PySide6's QtDBus cannot marshal the ``uint32`` that ``Notify`` requires.
The connection's socket is watched by a ``QSocketNotifier``, so an action the rep clicks
(Done, Snooze, Open) arrives on the GUI thread as ``action_invoked(notification id, key)``.
Where no service answers, :meth:`available` is False and the caller uses the tray icon.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from jeepney import HeaderFields
from PySide6.QtCore import QObject, QSocketNotifier, Signal

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"


class DesktopNotifier(QObject):
    action_invoked = Signal(int, str)  # notification id, action key ("default" is a click on the bubble)
    closed = Signal(int)

    def __init__(self, app_name: str = "Daymap", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.app_name = app_name
        self._connection: Any = None
        self._queue: Any = None
        self._filter: Any = None
        self._notifier: QSocketNotifier | None = None
        try:
            self._connect()
        except Exception:  # no session bus, no service: reminders go to the tray instead
            self.close()

    def _connect(self) -> None:
        from jeepney import MatchRule, message_bus
        from jeepney.io.blocking import open_dbus_connection

        connection = open_dbus_connection(bus="SESSION")
        owner = connection.send_and_get_reply(message_bus.NameHasOwner(SERVICE), timeout=2)
        if not owner.body[0]:
            connection.close()
            return
        rule = MatchRule(type="signal", interface=SERVICE, path=PATH)
        connection.send_and_get_reply(message_bus.AddMatch(rule), timeout=2)
        self._filter = connection.filter(rule)
        self._queue = self._filter.__enter__()
        self._connection = connection
        self._notifier = QSocketNotifier(connection.sock.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_socket_activated)

    @property
    def available(self) -> bool:
        return self._connection is not None

    def notify(self, summary: str, body: str, actions: Sequence[tuple[str, str]] = (), replaces: int = 0) -> int:
        """Show one notification; returns its id (0 when it could not be shown)."""
        if self._connection is None:
            return 0
        from jeepney import DBusAddress, new_method_call

        address = DBusAddress(PATH, bus_name=SERVICE, interface=SERVICE)
        flat = [part for key, label in actions for part in (key, label)]
        message = new_method_call(
            address, "Notify", "susssasa{sv}i", (self.app_name, replaces, "daymap", summary, body, flat, {}, -1)
        )
        try:
            reply = self._connection.send_and_get_reply(message, timeout=3)
        except (OSError, TimeoutError):
            return 0
        return int(reply.body[0]) if reply.body else 0

    def _on_socket_activated(self) -> None:
        try:
            self._connection.recv_messages(timeout=0)
        except TimeoutError:
            pass
        except OSError:
            self.close()
            return
        while self._queue:
            message = self._queue.popleft()
            member = message.header.fields.get(HeaderFields.member)
            if member == "ActionInvoked":
                self.action_invoked.emit(int(message.body[0]), str(message.body[1]))
            elif member == "NotificationClosed":
                self.closed.emit(int(message.body[0]))

    def close(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
        if self._connection is not None:
            self._connection.close()
        self._connection = None
