#pragma once

// Passwords for rsync daemon profiles, kept only in the system keychain
// (QtKeychain: Secret Service, KWallet...), never in the profile file or
// any other plain-text file: insecure fallbacks are switched off. When no
// keychain is available the caller shows noKeychainMessage() instead.
//
// Calls are asynchronous (a keychain may ask the user to unlock it); the
// callback runs on the caller's thread, guarded by `context`.

#include <QObject>
#include <QString>

#include <functional>

namespace qrsync::ui {

class PasswordStore
{
public:
    // Empty error: success.
    using Done = std::function<void(const QString& error)>;
    using Read = std::function<void(const QString& password, const QString& error)>;

    static void store(QObject* context, const QString& profileId, const QString& password,
                      Done done);
    static void read(QObject* context, const QString& profileId, Read done);
    static void remove(QObject* context, const QString& profileId, Done done);

    static QString noKeychainMessage();
    static QString keyFor(const QString& profileId);
};

} // namespace qrsync::ui
