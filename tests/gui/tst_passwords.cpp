// Daemon passwords: only for rsync:// profiles, only in the system
// keychain. Without a keychain (the test machine has no Secret Service)
// the dialog says so and nothing is written in plain text anywhere.

#include "jobs/profilestore.h"
#include "passwordstore.h"
#include "profiledialog.h"

#include <QDialogButtonBox>
#include <QDirIterator>
#include <QLineEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

using namespace qrsync;
using namespace qrsync::ui;

class TestPasswords : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void onlyDaemonProfilesTakeAPassword();
    void passwordNeverReachesAPlainFile();
};

void TestPasswords::onlyDaemonProfilesTakeAPassword()
{
    QTemporaryDir dir;
    jobs::ProfileStore store(dir.path());
    ProfileDialog dialog(store, jobs::Profile{});
    auto* password = dialog.findChild<QLineEdit*>(QStringLiteral("passwordEdit"));
    auto* destination = dialog.findChild<QLineEdit*>(QStringLiteral("destinationEdit"));
    QCOMPARE(password->echoMode(), QLineEdit::Password);
    destination->setText(QStringLiteral("/media/disk"));
    QVERIFY(!password->isEnabled());
    destination->setText(QStringLiteral("user@host:/srv"));
    QVERIFY(!password->isEnabled());
    destination->setText(QStringLiteral("rsync://nas/backup"));
    QVERIFY(password->isEnabled());
    destination->setText(QStringLiteral("nas::backup"));
    QVERIFY(password->isEnabled());
}

void TestPasswords::passwordNeverReachesAPlainFile()
{
    QTemporaryDir dir;
    jobs::ProfileStore store(dir.path());
    jobs::Profile p;
    p.name = QStringLiteral("NAS");
    p.sources = {QStringLiteral("/home/u/Docs/")};
    p.destination = QStringLiteral("rsync://nas/backup/docs");
    ProfileDialog dialog(store, p);
    const QString secret = QStringLiteral("s3cret-%1").arg(QCoreApplication::applicationPid());
    dialog.findChild<QLineEdit*>(QStringLiteral("passwordEdit"))->setText(secret);
    dialog.show();
    dialog.accept();
    // Either the keychain took it (the dialog closes) or there is none and
    // the dialog says so; both within a reasonable time.
    QTRY_VERIFY_WITH_TIMEOUT(dialog.result() == QDialog::Accepted || !dialog.errorText().isEmpty(),
                             30000);
    if (dialog.result() == QDialog::Accepted) {
        // A developer machine with a keychain: clean up what we stored.
        bool removed = false;
        PasswordStore::remove(&dialog, dialog.savedProfile().id,
                              [&](const QString&) { removed = true; });
        QTRY_VERIFY(removed);
    } else {
        QVERIFY2(dialog.errorText().contains(QLatin1String("never stores passwords in plain text")),
                 qPrintable(dialog.errorText()));
        QVERIFY(dialog.findChild<QLineEdit*>(QStringLiteral("passwordEdit"))->text().isEmpty());
    }
    // The profile itself was saved, and no file under the config folder
    // holds the password.
    QCOMPARE(store.load().size(), 1);
    QDirIterator it(dir.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    int files = 0;
    while (it.hasNext()) {
        QFile f(it.next());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY2(!f.readAll().contains(secret.toUtf8()), qPrintable(f.fileName()));
        ++files;
    }
    QVERIFY(files >= 1);
}

QTEST_MAIN(TestPasswords)
#include "tst_passwords.moc"
