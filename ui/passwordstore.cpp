#include "passwordstore.h"

#include <QCoreApplication>

#include <qt6keychain/keychain.h>

namespace qrsync::ui {

namespace {

constexpr auto kService = "qrsync";

QString errorText(const QKeychain::Job& job)
{
    switch (job.error()) {
    case QKeychain::NoError:
        return QString();
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return PasswordStore::noKeychainMessage();
    case QKeychain::EntryNotFound:
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
    case QKeychain::OtherError:
        break;
    }
    // Without a session bus or a Secret Service, Linux backends report a
    // generic error; the user still needs to know the password is not kept.
    return QCoreApplication::translate(
               "qrsync::ui::PasswordStore",
               "The system keychain did not take the password (%1). qrsync "
               "never stores passwords in plain text: check that a keychain "
               "(GNOME Keyring, KWallet) is running and unlocked.")
        .arg(job.errorString());
}

// Jobs delete themselves after `finished`; the callback is dropped if the
// context went away meanwhile.
template<typename JobT, typename F> void run(JobT* job, QObject* context, F onFinished)
{
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never a plain-text file
    QObject::connect(job, &QKeychain::Job::finished, context,
                     [job, onFinished](QKeychain::Job*) { onFinished(*job); });
    job->start();
}

} // namespace

QString PasswordStore::keyFor(const QString& profileId)
{
    return QStringLiteral("profile/%1/daemon-password").arg(profileId);
}

QString PasswordStore::noKeychainMessage()
{
    return QCoreApplication::translate(
        "qrsync::ui::PasswordStore",
        "No system keychain is available, so the password was not saved. qrsync never stores "
        "passwords in plain text: start a keychain (GNOME Keyring, KWallet) or give the password "
        "when the run asks for it.");
}

void PasswordStore::store(QObject* context, const QString& profileId, const QString& password,
                          Done done)
{
    auto* job = new QKeychain::WritePasswordJob(QLatin1String(kService));
    job->setKey(keyFor(profileId));
    job->setTextData(password);
    run(job, context, [done](const QKeychain::WritePasswordJob& j) { done(errorText(j)); });
}

void PasswordStore::read(QObject* context, const QString& profileId, Read done)
{
    auto* job = new QKeychain::ReadPasswordJob(QLatin1String(kService));
    job->setKey(keyFor(profileId));
    run(job, context,
        [done](const QKeychain::ReadPasswordJob& j) { done(j.textData(), errorText(j)); });
}

void PasswordStore::remove(QObject* context, const QString& profileId, Done done)
{
    auto* job = new QKeychain::DeletePasswordJob(QLatin1String(kService));
    job->setKey(keyFor(profileId));
    run(job, context, [done](const QKeychain::DeletePasswordJob& j) { done(errorText(j)); });
}

} // namespace qrsync::ui
