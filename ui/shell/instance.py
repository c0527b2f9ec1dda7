"""One window per store: a second Daymap on the same store brings the first to the front.

Two windows writing one store would each show a stale picture of the other's work. The
first window holds a lock file (``QLockFile``: a crashed holder's lock is taken over,
by its dead process id) and listens on a local socket; a second start finds the lock
taken, asks the first window over the socket to come forward, and exits. The CLI is
not affected: it writes in short transactions, and the window picks its changes up
when it regains focus.
"""

from __future__ import annotations

import getpass
import hashlib
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QStandardPaths, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

ACTIVATE = b"activate\n"


def _folder() -> Path:
    runtime = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.RuntimeLocation)
    return Path(runtime or QStandardPaths.writableLocation(QStandardPaths.StandardLocation.TempLocation))


class SingleInstance(QObject):
    activation_requested = Signal()  # another start on the same store wants this window in front

    def __init__(self, key: str, parent: QObject | None = None, folder: Path | None = None) -> None:
        super().__init__(parent)
        digest = hashlib.sha256(f"{getpass.getuser()}\n{key}".encode()).hexdigest()[:20]
        self.name = f"daymap-{digest}"
        self._lock = QLockFile(str((folder or _folder()) / f"{self.name}.lock"))
        self._lock.setStaleLockTime(0)  # never stale by age: only when its process is gone
        self._server: QLocalServer | None = None

    def claim(self) -> bool:
        """True when this process is the store's window; else the other one was asked to come forward."""
        if self._lock.tryLock(200):
            QLocalServer.removeServer(self.name)  # a crashed holder's socket file
            self._server = QLocalServer(self)
            self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
            self._server.newConnection.connect(self._on_server_new_connection)
            self._server.listen(self.name)
            return True
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if socket.waitForConnected(2000):
            socket.write(ACTIVATE)
            socket.waitForBytesWritten(2000)
            socket.disconnectFromServer()
            if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
                socket.waitForDisconnected(2000)
        return False

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.unlock()

    def _on_server_new_connection(self) -> None:
        """A connection is the request: there is nothing else a second start could ask."""
        assert self._server is not None
        while self._server.hasPendingConnections():
            connection = self._server.nextPendingConnection()
            connection.disconnectFromServer()
            connection.deleteLater()
        self.activation_requested.emit()
