#include "sshprompter.h"

#include "options/transferoptions.h"

#include <QInputDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QWidget>

#include <future>
#include <mutex>
#include <vector>

namespace qrsync::ui {

void preferBuiltinSsh(options::TransferOptions& o)
{
    if (o.rsh.isEmpty() && o.ssh.isEmpty() && qEnvironmentVariableIsEmpty("RSYNC_RSH"))
        o.ssh = QStringLiteral("builtin");
}

// One question waiting for its dialog's answer.
struct SshPrompter::Pending
{
    std::promise<std::optional<QString>> answer;
    std::once_flag once;

    void set(std::optional<QString> value)
    {
        std::call_once(once, [&] { answer.set_value(std::move(value)); });
    }
};

// What the callbacks share with the prompter: it may go away while a
// connection thread still holds them.
struct SshPrompter::Shared
{
    std::mutex mutex;
    SshPrompter* prompter = nullptr; // null once destroyed
    std::vector<std::weak_ptr<Pending>> pending;

    void cancelAll()
    {
        const std::lock_guard lock(mutex);
        for (const std::weak_ptr<Pending>& p : pending) {
            if (const auto open = p.lock())
                open->set(std::nullopt);
        }
        pending.clear();
    }

    // Posts `show` to the GUI thread and waits for the answer.
    template<typename Show> std::optional<QString> ask(Show show)
    {
        auto pending = std::make_shared<Pending>();
        std::future<std::optional<QString>> future = pending->answer.get_future();
        {
            const std::lock_guard lock(mutex);
            if (!prompter)
                return std::nullopt;
            std::erase_if(this->pending, [](const auto& p) { return p.expired(); });
            this->pending.push_back(pending);
            SshPrompter* target = prompter;
            QMetaObject::invokeMethod(
                target, [target, show, pending] { show(target, pending); }, Qt::QueuedConnection);
        }
        return future.get();
    }
};

SshPrompter::SshPrompter(QWidget* window)
    : QObject(window)
    , m_window(window)
    , m_shared(std::make_shared<Shared>())
{
    m_shared->prompter = this;
}

SshPrompter::~SshPrompter()
{
    m_shared->cancelAll();
    const std::lock_guard lock(m_shared->mutex);
    m_shared->prompter = nullptr;
}

transport::SshPrompts SshPrompter::prompts()
{
    transport::SshPrompts prompts;
    const std::shared_ptr<Shared> shared = m_shared;
    prompts.acceptNewHostKey = [shared](const transport::HostKeyInfo& key) {
        return shared
            ->ask([key](SshPrompter* p, std::shared_ptr<Pending> pending) {
                p->askHostKey(key, std::move(pending));
            })
            .has_value();
    };
    prompts.passphrase = [shared](const QString&) {
        return shared->ask([](SshPrompter* p, std::shared_ptr<Pending> pending) {
            p->askSecret(tr("Private key passphrase"),
                         tr("Enter the passphrase of your SSH private key:"), std::move(pending));
        });
    };
    prompts.password = [shared](const QString& userAtHost) {
        return shared->ask([userAtHost](SshPrompter* p, std::shared_ptr<Pending> pending) {
            p->askSecret(tr("SSH password"), tr("Password for %1:").arg(userAtHost),
                         std::move(pending));
        });
    };
    prompts.cancelPending = [shared] {
        shared->cancelAll();
        const std::lock_guard lock(shared->mutex);
        if (SshPrompter* p = shared->prompter)
            QMetaObject::invokeMethod(p, &SshPrompter::closeDialogs, Qt::QueuedConnection);
    };
    return prompts;
}

void SshPrompter::closeDialogs()
{
    for (const QPointer<QDialog>& d : std::exchange(m_open, {})) {
        if (d)
            d->reject();
    }
}

void SshPrompter::askHostKey(const transport::HostKeyInfo& key, std::shared_ptr<Pending> pending)
{
    auto* box =
        new QMessageBox(QMessageBox::Question, tr("Unknown SSH host"),
                        tr("The authenticity of host %1 can't be established.\n\n"
                           "%2 key fingerprint is\n%3\n\n"
                           "Trust this key and record it in %4?")
                            .arg(key.host, key.keyType, key.fingerprint, key.knownHostsFile),
                        QMessageBox::Yes | QMessageBox::No, m_window);
    box->setObjectName(QStringLiteral("hostKeyDialog"));
    box->setDefaultButton(QMessageBox::No);
    box->setTextInteractionFlags(Qt::TextSelectableByMouse);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, box, [box, pending] {
        const bool yes = box->clickedButton() == box->button(QMessageBox::Yes);
        pending->set(yes ? std::optional<QString>(QString()) : std::nullopt);
    });
    connect(box, &QObject::destroyed, this, [pending] { pending->set(std::nullopt); });
    m_open.append(box);
    box->open();
    Q_EMIT dialogOpened(box);
}

void SshPrompter::askSecret(const QString& title, const QString& label,
                            std::shared_ptr<Pending> pending)
{
    auto* dialog = new QInputDialog(m_window);
    dialog->setObjectName(QStringLiteral("sshSecretDialog"));
    dialog->setWindowTitle(title);
    dialog->setLabelText(label);
    dialog->setTextEchoMode(QLineEdit::Password);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QInputDialog::finished, dialog, [dialog, pending](int result) {
        pending->set(result == QDialog::Accepted ? std::optional<QString>(dialog->textValue())
                                                 : std::nullopt);
    });
    connect(dialog, &QObject::destroyed, this, [pending] { pending->set(std::nullopt); });
    m_open.append(dialog);
    dialog->open();
    Q_EMIT dialogOpened(dialog);
}

} // namespace qrsync::ui
