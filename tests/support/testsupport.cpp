#include "testsupport.h"

#include "core/result.h"

#include <QFile>

namespace qrsync::test {

QByteArray fromHex(const char* spaced)
{
    QByteArray compact(spaced);
    compact.replace(' ', QByteArray()).replace('\n', QByteArray());
    return QByteArray::fromHex(compact);
}

QString toHex(const QByteArray& bytes)
{
    return QString::fromLatin1(bytes.toHex(' '));
}

QByteArray readTestData(const QString& relativePath)
{
    QFile f(QStringLiteral(QRSYNC_TEST_DATA_DIR "/") + relativePath);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

} // namespace qrsync::test
