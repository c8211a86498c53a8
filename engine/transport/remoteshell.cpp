#include "transport/remoteshell.h"

namespace qrsync::transport {

Result<QStringList> splitRemoteShellCommand(const QString& command)
{
    QStringList words;
    QString word;
    bool inWord = false;
    QChar quote;
    for (qsizetype i = 0; i < command.size(); ++i) {
        const QChar c = command.at(i);
        if (quote.isNull()) {
            if (c == QLatin1Char(' ')) {
                if (inWord)
                    words.append(std::exchange(word, {}));
                inWord = false;
                continue;
            }
            inWord = true;
            if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
                quote = c;
                continue;
            }
            word.append(c);
            continue;
        }
        if (c == quote) {
            // Inside quotes a doubled quote character stands for itself.
            if (i + 1 < command.size() && command.at(i + 1) == quote) {
                word.append(c);
                ++i;
                continue;
            }
            quote = QChar();
            continue;
        }
        word.append(c);
    }
    if (!quote.isNull())
        return makeError(ExitCode::Syntax,
                         QStringLiteral("Missing trailing-%1 in remote-shell command.").arg(quote));
    if (inWord)
        words.append(word);
    if (words.isEmpty())
        return makeError(ExitCode::Syntax, QStringLiteral("the remote-shell command is empty"));
    return words;
}

QStringList remoteShellArgv(const QStringList& shellWords, const RemoteShellTarget& target,
                            const QStringList& serverArgs)
{
    QStringList argv = shellWords;
    if (!target.user.isEmpty())
        argv << QStringLiteral("-l") << target.user;
    argv << target.host << target.rsyncPath;
    argv << serverArgs;
    return argv;
}

} // namespace qrsync::transport
