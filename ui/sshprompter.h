#pragma once

// The desktop app's answers to the built-in SSH client's questions: an
// unknown host key (OpenSSH's "SHA256:..." fingerprint, trust and record
// it or not), a key's passphrase, a password. The question comes from a
// connection's thread, which waits for the answer; the dialog opens with
// open() on the GUI thread, which never waits. Secrets are handed to the
// connection and not kept (no keychain: nothing is stored).
//
// While a dialog is open the built-in SSH connections of the event-loop
// mode wait with it (they share one thread). Destroying the prompter
// answers every open question with "no".

#include "transport/sshtarget.h"

#include <QDialog>
#include <QList>
#include <QObject>
#include <QPointer>

#include <memory>

class QWidget;

namespace qrsync::options {
struct TransferOptions;
}

namespace qrsync::ui {

// The desktop app talks SSH itself (host keys and secrets in its own
// dialogs) unless the profile names a remote shell or RSYNC_RSH does.
void preferBuiltinSsh(options::TransferOptions& options);

class SshPrompter final : public QObject
{
    Q_OBJECT

public:
    explicit SshPrompter(QWidget* window);
    ~SshPrompter() override;

    // Callbacks for JobRunner::setSshPrompts; callable from any thread,
    // harmless after the prompter is gone (they answer "no").
    transport::SshPrompts prompts();

    struct Pending;

Q_SIGNALS:
    // A question is on screen (tests answer it through this).
    void dialogOpened(QDialog* dialog);

private:
    void askHostKey(const transport::HostKeyInfo& key, std::shared_ptr<Pending> pending);
    void askSecret(const QString& title, const QString& label, std::shared_ptr<Pending> pending);

    void closeDialogs(); // after cancelPending: the answers no longer matter

    QWidget* m_window;
    QList<QPointer<QDialog>> m_open;
    struct Shared;
    std::shared_ptr<Shared> m_shared;
};

} // namespace qrsync::ui
