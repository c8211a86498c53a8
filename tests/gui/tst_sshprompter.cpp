// The desktop answers to the built-in SSH client's questions (issue 6):
// dialogs opened from a connection's thread, answered on the GUI thread,
// which never waits; cancelling a job answers "no". The end-to-end case
// runs a JobRunner against OpenSSH's sshd on 127.0.0.1 with an empty
// known_hosts: the host-key dialog shows OpenSSH's fingerprint, "Yes"
// records the key and the transfer runs.

#include "jobs/jobrunner.h"
#include "options/commandline.h"
#include "processrunner.h"
#include "sshdfixture.h"
#include "sshprompter.h"

#include <QDir>
#include <QFile>
#include <QInputDialog>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWidget>

#include <future>
#include <thread>

using namespace qrsync;
using namespace qrsync::ui;

class TestSshPrompter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void passphraseFromDialog();
    void hostKeyYesAndNo();
    void cancelAnswersNo();
    void prompterGoneAnswersNo();
    void unknownHostAcceptedInDialog();
};

void TestSshPrompter::passphraseFromDialog()
{
    QWidget window;
    SshPrompter prompter(&window);
    const transport::SshPrompts prompts = prompter.prompts();
    QSignalSpy opened(&prompter, &SshPrompter::dialogOpened);
    auto answer = std::async(std::launch::async,
                             [&] { return prompts.passphrase(QStringLiteral("Passphrase:")); });
    QVERIFY(opened.wait(5000));
    auto* dialog = qobject_cast<QInputDialog*>(opened.first().first().value<QDialog*>());
    QVERIFY(dialog);
    QCOMPARE(dialog->textEchoMode(), QLineEdit::Password);
    dialog->setTextValue(QStringLiteral("open sesame"));
    dialog->accept();
    QCOMPARE(answer.get(), std::optional<QString>(QStringLiteral("open sesame")));
}

void TestSshPrompter::hostKeyYesAndNo()
{
    QWidget window;
    SshPrompter prompter(&window);
    const transport::SshPrompts prompts = prompter.prompts();
    transport::HostKeyInfo key{QStringLiteral("[127.0.0.1]:2222"), QStringLiteral("ED25519"),
                               QStringLiteral("SHA256:abc"), QStringLiteral("/tmp/kh")};
    for (const bool yes : {true, false}) {
        QSignalSpy opened(&prompter, &SshPrompter::dialogOpened);
        auto answer = std::async(std::launch::async, [&] { return prompts.acceptNewHostKey(key); });
        QVERIFY(opened.wait(5000));
        auto* box = qobject_cast<QMessageBox*>(opened.first().first().value<QDialog*>());
        QVERIFY(box);
        QVERIFY(box->text().contains(QLatin1String("SHA256:abc")));
        QVERIFY(box->text().contains(QLatin1String("[127.0.0.1]:2222")));
        QCOMPARE(box->defaultButton(), box->button(QMessageBox::No));
        box->button(yes ? QMessageBox::Yes : QMessageBox::No)->click();
        QCOMPARE(answer.get(), yes);
    }
}

void TestSshPrompter::cancelAnswersNo()
{
    QWidget window;
    SshPrompter prompter(&window);
    const transport::SshPrompts prompts = prompter.prompts();
    QSignalSpy opened(&prompter, &SshPrompter::dialogOpened);
    auto answer =
        std::async(std::launch::async, [&] { return prompts.password(QStringLiteral("me@host")); });
    QVERIFY(opened.wait(5000));
    QPointer<QDialog> dialog = opened.first().first().value<QDialog*>();
    prompts.cancelPending();
    QCOMPARE(answer.get(), std::nullopt);
    QTRY_VERIFY(!dialog || !dialog->isVisible());
}

void TestSshPrompter::prompterGoneAnswersNo()
{
    QWidget window;
    auto prompter = std::make_unique<SshPrompter>(&window);
    const transport::SshPrompts prompts = prompter->prompts();
    QSignalSpy opened(prompter.get(), &SshPrompter::dialogOpened);
    auto answer = std::async(std::launch::async,
                             [&] { return prompts.passphrase(QStringLiteral("Passphrase:")); });
    QVERIFY(opened.wait(5000));
    prompter.reset();
    QCOMPARE(answer.get(), std::nullopt);
    // Asked afterwards: "no" at once.
    QCOMPARE(prompts.password(QStringLiteral("me@host")), std::nullopt);
}

void TestSshPrompter::unknownHostAcceptedInDialog()
{
    test::SshdFixture sshd;
    const QString error = sshd.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QTemporaryDir tmp;
    const QString knownHosts = tmp.filePath(QStringLiteral("known_hosts"));
    const QString config = sshd.writeClientConfig(
        tmp.filePath(QStringLiteral("ssh_config")), QStringLiteral("gui-host"),
        sshd.path(QStringLiteral("id_ed25519")), knownHosts);
    const QString src = tmp.filePath(QStringLiteral("src"));
    QVERIFY(QDir().mkpath(src));
    QFile f(src + QStringLiteral("/file"));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray(100000, 'x'));
    f.close();
    const QString dst = tmp.filePath(QStringLiteral("dst"));

    options::TransferOptions o;
    auto parsed = options::parseCommandLine({QStringLiteral("--ssh-config=") + config,
                                             QStringLiteral("-a"), src + QLatin1Char('/'),
                                             QStringLiteral("gui-host:") + dst + QLatin1Char('/')},
                                            {});
    QVERIFY(parsed.has_value());
    o = parsed->options;
    preferBuiltinSsh(o);
    QCOMPARE(o.ssh, QStringLiteral("builtin"));

    QWidget window;
    SshPrompter prompter(&window);
    jobs::JobRunner runner;
    runner.setSshPrompts(prompter.prompts());
    QString shown;
    connect(&prompter, &SshPrompter::dialogOpened, this, [&](QDialog* dialog) {
        auto* box = qobject_cast<QMessageBox*>(dialog);
        QVERIFY(box);
        shown = box->text();
        box->button(QMessageBox::Yes)->click();
    });
    QSignalSpy done(&runner, &jobs::JobRunner::result);
    QVERIFY(runner.start(o, jobs::JobRunner::Mode::Run));
    QVERIFY(done.wait(60000));
    const auto result = done.first().first().value<jobs::JobResult>();
    QVERIFY2(result.exitCode == ExitCode::Ok,
             qPrintable(result.error ? result.error->message : QString()));
    QVERIFY(QFile::exists(dst + QStringLiteral("/file")));
    QCOMPARE(result.sshUsed, QByteArray("event-loop"));
    const test::RunResult fp = test::runProcess(QStringLiteral("/usr/bin/ssh-keygen"),
                                                {QStringLiteral("-l"), QStringLiteral("-f"),
                                                 sshd.path(QStringLiteral("host_ed25519.pub"))});
    QVERIFY2(shown.contains(QString::fromLatin1(fp.out.split(' ').value(1))), qPrintable(shown));
    QFile recorded(knownHosts);
    QVERIFY(recorded.open(QIODevice::ReadOnly));
    QVERIFY(recorded.readAll().contains(sshd.knownHostsLine().split(' ').value(2).trimmed()));
}

QTEST_MAIN(TestSshPrompter)
#include "tst_sshprompter.moc"
