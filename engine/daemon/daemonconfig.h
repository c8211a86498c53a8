#pragma once

// rsyncd.conf read into a typed model (rsync loadparm.c / params.c rules):
// a global section, then [module] sections; `name = value` lines; '#' and
// ';' start comments; a trailing backslash continues a line; names are
// case- and whitespace-insensitive; booleans are yes/no/true/false/1/0.
// Module parameters given in the global section are every module's
// defaults. `--dparam NAME=VALUE` overrides apply at the end of the global
// section, as stock applies them.
//
// Unlike stock, which logs and ignores what it does not know, a parameter
// qrsync does not implement is an error naming the file and line: a
// daemon must never run with a setting silently dropped.

#include "core/result.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace qrsync::daemon {

// One `auth users` entry: "name", "@group", with ":ro", ":rw" or ":deny".
struct AuthUser
{
    enum class Access
    {
        Default, // the module's read only setting
        ReadOnly,
        ReadWrite,
        Deny,
    };
    QString name; // without the '@'
    bool isGroup = false;
    Access access = Access::Default;
};

struct ModuleConfig
{
    QString name;
    int line = 0; // where its section starts
    QString path;
    QString comment;
    bool readOnly = true;
    bool writeOnly = false;
    bool list = true;
    QString uid;
    QString gid;
    std::optional<bool> useChroot; // unset: as stock, decided at connect time
    int maxConnections = 0;
    QString lockFile = QStringLiteral("/var/run/rsyncd.lock");
    std::vector<AuthUser> authUsers;
    QString secretsFile;
    bool strictModes = true;
    QStringList hostsAllow;
    QStringList hostsDeny;
    QStringList refuseOptions;
    int timeout = 0;
    QString logFormat = QStringLiteral("%o %h [%a] %m (%u) %f %l");
    bool transferLogging = false;
    QString incomingChmod;
    QString outgoingChmod;
    bool ignoreErrors = false;
    int maxVerbosity = 1;
    QString logFile;
    bool reverseLookup = true; // the client's host name by reverse DNS
    bool forwardLookup = true; // host names in hosts allow/deny resolved forward
    QString preXferExec;       // run before the transfer; failure refuses it
    QString postXferExec;      // run after it, with its exit status
};

struct DaemonConfig
{
    QString fileName;
    // Global-only parameters.
    QString motdFile;
    QString pidFile;
    int port = 0; // 0: the command line or 873
    QString address;
    bool async = true;
    int listenBacklog = 1024; // stock's default is 5
    // The global section's module parameters, the defaults of every module.
    ModuleConfig defaults;
    std::vector<ModuleConfig> modules;

    const ModuleConfig* module(const QString& name) const;
};

// Parses `text` (the contents of `fileName`, used in messages). `dparams`
// are "name=value" strings from --dparam. Errors are exit code 1 with
// "FILE:LINE: ..." messages.
Result<DaemonConfig> parseDaemonConfig(const QByteArray& text, const QString& fileName,
                                       const QStringList& dparams = {});

// Reads and parses a file; a missing file is stock's error text.
Result<DaemonConfig> loadDaemonConfig(const QString& fileName, const QStringList& dparams = {});

// "yes"/"true"/"1" and "no"/"false"/"0", case-insensitive.
std::optional<bool> parseConfigBool(const QString& value);

} // namespace qrsync::daemon
