// `qrsync --profile NAME` (issue 7, for issue 8's timers): a profile file
// written as docs/profile-format.md documents it runs headless, mirrors
// the folder (filters and deletions included) and leaves a history record.

#include "processrunner.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace qrsync::test;

class TestProfileCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void runsAStoredProfile()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString src = dir.filePath(QStringLiteral("src"));
        const QString dst = dir.filePath(QStringLiteral("dst"));
        QVERIFY(QDir().mkpath(src + QStringLiteral("/sub")));
        QVERIFY(QDir().mkpath(dst));
        auto write = [](const QString& path, const QByteArray& data) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(data);
        };
        write(src + QStringLiteral("/keep.txt"), "keep\n");
        write(src + QStringLiteral("/sub/skip.tmp"), "temp\n");
        write(dst + QStringLiteral("/extraneous"), "old\n");

        const QString config = dir.filePath(QStringLiteral("config"));
        const QString data = dir.filePath(QStringLiteral("data"));
        QVERIFY(QDir().mkpath(config + QStringLiteral("/qrsync/profiles")));
        const QByteArray profile =
            "{\"format\": \"qrsync-profile\", \"version\": 1, \"id\": \"docs\","
            " \"name\": \"Docs mirror\", \"sources\": [\"" +
            QFile::encodeName(src) + "/\"], \"destination\": \"" + QFile::encodeName(dst) +
            "\", \"mode\": \"mirror\", \"filters\": [\"- *.tmp\"]}";
        write(config + QStringLiteral("/qrsync/profiles/docs.json"), profile);

        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), config);
        env.insert(QStringLiteral("XDG_DATA_HOME"), data);
        const RunResult r =
            runProcess(builtBinary(QStringLiteral("qrsync")),
                       {QStringLiteral("--profile"), QStringLiteral("Docs mirror")}, env, 60000);
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY(QFile::exists(dst + QStringLiteral("/keep.txt")));
        QVERIFY(!QFile::exists(dst + QStringLiteral("/sub/skip.tmp")));
        QVERIFY(!QFile::exists(dst + QStringLiteral("/extraneous")));
        // The run is in the profile's history, as a desktop run would be.
        QDirIterator it(data + QStringLiteral("/qrsync/history"), QDir::Files,
                        QDirIterator::Subdirectories);
        QVERIFY2(it.hasNext(), "no history record written");

        const RunResult missing = runProcess(builtBinary(QStringLiteral("qrsync")),
                                             {QStringLiteral("--profile=nope")}, env, 60000);
        QCOMPARE(missing.exitCode, 1);
        QVERIFY(missing.err.contains("no profile named \"nope\""));
    }
};

QTEST_GUILESS_MAIN(TestProfileCli)
#include "tst_profilecli.moc"
