<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ur_PK">
<context>
    <name>AdminPage</name>
    <message>
        <location filename="../admin/__init__.py" line="37"/>
        <source>Users</source>
        <translation>صارفین</translation>
    </message>
    <message>
        <location filename="../admin/__init__.py" line="38"/>
        <source>Settings</source>
        <translation>ترتیبات</translation>
    </message>
    <message>
        <location filename="../admin/__init__.py" line="42"/>
        <source>Backup</source>
        <translation>بیک اپ</translation>
    </message>
    <message>
        <location filename="../admin/__init__.py" line="44"/>
        <source>Audit log</source>
        <translation>آڈٹ لاگ</translation>
    </message>
    <message>
        <location filename="../admin/__init__.py" line="45"/>
        <source>Sync log</source>
        <translation>ہم آہنگی کا ریکارڈ</translation>
    </message>
    <message>
        <location filename="../wizard.py" line="125"/>
        <source>Administrator account</source>
        <translation>منتظم کا اکاؤنٹ</translation>
    </message>
    <message>
        <location filename="../wizard.py" line="126"/>
        <source>The administrator adds the other users and makes backups. Choose a password of at least 8 characters that others cannot guess.</source>
        <translation>منتظم دوسرے صارفین شامل کرتا ہے اور بیک اپ بناتا ہے۔ کم از کم 8 حروف کا ایسا پاس ورڈ چنیں جس کا دوسرے اندازہ نہ لگا سکیں۔</translation>
    </message>
    <message>
        <location filename="../wizard.py" line="128"/>
        <source>Username</source>
        <translation>صارف نام</translation>
    </message>
    <message>
        <location filename="../wizard.py" line="128"/>
        <source>Full name</source>
        <translation>پورا نام</translation>
    </message>
    <message>
        <location filename="../wizard.py" line="128"/>
        <source>Password</source>
        <translation>پاس ورڈ</translation>
    </message>
    <message>
        <location filename="../wizard.py" line="129"/>
        <source>Password again</source>
        <translation>پاس ورڈ دوبارہ</translation>
    </message>
    <message>
        <location filename="../wizard.py" line="131"/>
        <source>Create the station</source>
        <translation>اسٹیشن بنائیں</translation>
    </message>
    <message>
        <location filename="../wizard.py" line="145"/>
        <source>Password again: the two passwords are not the same.</source>
        <translation>پاس ورڈ دوبارہ: دونوں پاس ورڈ ایک جیسے نہیں ہیں۔</translation>
    </message>
    <message>
        <location filename="../wizard.py" line="148"/>
        <source>Creating the station…</source>
        <translation>اسٹیشن بن رہا ہے…</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <location filename="../admin/audit_view.py" line="75"/>
        <source>No.</source>
        <translation>نمبر</translation>
    </message>
    <message>
        <location filename="../admin/audit_view.py" line="75"/>
        <source>Time</source>
        <translation>وقت</translation>
    </message>
    <message>
        <location filename="../admin/audit_view.py" line="75"/>
        <source>User</source>
        <translation>صارف</translation>
    </message>
    <message>
        <location filename="../admin/audit_view.py" line="75"/>
        <source>Action</source>
        <translation>کارروائی</translation>
    </message>
    <message>
        <location filename="../admin/audit_view.py" line="75"/>
        <source>Patient</source>
        <translation>مریض</translation>
    </message>
    <message>
        <location filename="../admin/audit_view.py" line="76"/>
        <source>Record</source>
        <translation>ریکارڈ</translation>
    </message>
</context>
<context>
    <name>AuditTab</name>
    <message>
        <location filename="../admin/audit_view.py" line="160"/>
        <source>Audit log</source>
        <translation>آڈٹ لاگ</translation>
    </message>
    <message>
        <location filename="../admin/audit_view.py" line="161"/>
        <source>Check the log for tampering</source>
        <translation>لاگ میں چھیڑ چھاڑ کی جانچ کریں</translation>
    </message>
    <message>
        <location filename="../admin/audit_view.py" line="201"/>
        <source>All users</source>
        <translation>تمام صارفین</translation>
    </message>
    <message>
        <location filename="../admin/audit_view.py" line="201"/>
        <source>All actions</source>
        <translation>تمام کارروائیاں</translation>
    </message>
    <message>
        <location filename="../admin/audit_view.py" line="205"/>
        <source>From</source>
        <translation>تاریخ سے</translation>
    </message>
    <message>
        <location filename="../admin/audit_view.py" line="221"/>
        <source>Patient: MRN or name</source>
        <translation>مریض: MRN یا نام</translation>
    </message>
    <message>
        <location filename="../admin/audit_view.py" line="225"/>
        <source>to</source>
        <translation>تک</translation>
    </message>
    <message>
        <location filename="../admin/audit_view.py" line="291"/>
        <source>Entries: %1</source>
        <translation>اندراجات: %1</translation>
    </message>
    <message>
        <location filename="../admin/audit_view.py" line="292"/>
        <source>Times are station time, %1.</source>
        <translation>اوقات اسٹیشن کے وقت کے مطابق ہیں، %1۔</translation>
    </message>
    <message>
        <location filename="../admin/audit_view.py" line="295"/>
        <source>Patient: %1</source>
        <translation>مریض: %1</translation>
    </message>
    <message>
        <location filename="../admin/audit_view.py" line="297"/>
        <source>No patient matches “%1”.</source>
        <translation>“%1” سے کوئی مریض نہیں ملا۔</translation>
    </message>
    <message numerus="yes">
        <location filename="../admin/audit_view.py" line="326"/>
        <source>The audit log is intact (entries checked: %n).</source>
        <translation>
            <numerusform>آڈٹ لاگ درست ہے (جانچے گئے اندراجات: %n)۔</numerusform>
            <numerusform>آڈٹ لاگ درست ہے (جانچے گئے اندراجات: %n)۔</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../admin/audit_view.py" line="329"/>
        <source>The audit log has been changed after it was written. Tell your supervisor. Details: %1</source>
        <translation>آڈٹ لاگ لکھے جانے کے بعد بدلا گیا ہے۔ اپنے نگران کو بتائیں۔ تفصیل: %1</translation>
    </message>
</context>
<context>
    <name>AuditWords</name>
    <message>
        <location filename="../admin/audit_words.py" line="11"/>
        <source>Began a correction of a consultation</source>
        <translation>مشاورت کی درستی شروع کی</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="12"/>
        <source>Discarded an unsent correction</source>
        <translation>نہ بھیجی گئی درستی ختم کی</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="13"/>
        <source>Registered a second patient with the same CNIC</source>
        <translation>اسی شناختی کارڈ نمبر سے دوسرا مریض درج کیا</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="14"/>
        <source>Recorded consent to share</source>
        <translation>معلومات بھیجنے کی رضامندی درج کی</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="15"/>
        <source>Switched a user on again</source>
        <translation>صارف کو دوبارہ فعال کیا</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="16"/>
        <source>Follow-up: the patient came</source>
        <translation>واپسی کا دورہ: مریض آ گیا</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="17"/>
        <source>Follow-up: phoned and asked to come</source>
        <translation>واپسی کا دورہ: فون کر کے آنے کو کہا</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="18"/>
        <source>Follow-up: could not reach the patient</source>
        <translation>واپسی کا دورہ: مریض سے رابطہ نہیں ہو سکا</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="19"/>
        <source>Signed in</source>
        <translation>سائن ان کیا</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="20"/>
        <source>Sign-in refused</source>
        <translation>سائن ان نامنظور</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="21"/>
        <source>Opened a chart</source>
        <translation>مریض کا ریکارڈ کھولا</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="22"/>
        <source>Registered a patient</source>
        <translation>مریض رجسٹر کیا</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="23"/>
        <source>Changed a patient&apos;s details</source>
        <translation>مریض کی تفصیلات بدلیں</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="24"/>
        <source>Imported patients</source>
        <translation>مریض درآمد کیے</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="25"/>
        <source>Exported a patient (FHIR)</source>
        <translation>مریض کا ریکارڈ برآمد کیا (FHIR)</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="26"/>
        <source>Started a consultation</source>
        <translation>معائنہ شروع کیا</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="27"/>
        <source>Saved or signed a consultation</source>
        <translation>معائنہ محفوظ یا دستخط کیا</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="28"/>
        <source>Saved a consultation summary as PDF</source>
        <translation>معائنے کا خلاصہ PDF میں محفوظ کیا</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="29"/>
        <source>Recorded vital signs</source>
        <translation>اہم علامات درج کیں</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="30"/>
        <source>Made a referral</source>
        <translation>ریفرل بنایا</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="31"/>
        <source>Changed a referral</source>
        <translation>ریفرل بدلا</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="32"/>
        <source>Received a specialist&apos;s advice</source>
        <translation>ماہر کا مشورہ موصول ہوا</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="33"/>
        <source>Changed advice</source>
        <translation>مشورہ بدلا</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="34"/>
        <source>Read a specialist&apos;s advice</source>
        <translation>ماہر کا مشورہ پڑھا</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="35"/>
        <source>Wrote a message</source>
        <translation>پیغام لکھا</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="36"/>
        <source>Changed a message</source>
        <translation>پیغام بدلا</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="37"/>
        <source>Added a photo or scan</source>
        <translation>تصویر یا اسکین شامل کیا</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="38"/>
        <source>Added a user</source>
        <translation>صارف شامل کیا</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="39"/>
        <source>Changed a user</source>
        <translation>صارف بدلا</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="40"/>
        <source>Changed a password or PIN</source>
        <translation>پاس ورڈ یا PIN بدلا</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="41"/>
        <source>Used the recovery key</source>
        <translation>بحالی کی کلید استعمال کی</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="42"/>
        <source>Set up the station</source>
        <translation>اسٹیشن قائم کیا</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="43"/>
        <source>Changed the station&apos;s settings</source>
        <translation>اسٹیشن کی ترتیبات بدلیں</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="44"/>
        <source>Made a backup</source>
        <translation>بیک اپ بنایا</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="45"/>
        <source>Restored a backup</source>
        <translation>بیک اپ بحال کیا</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="46"/>
        <source>Received from the hub</source>
        <translation>ہب سے موصول ہوا</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="47"/>
        <source>Referral status from the hub</source>
        <translation>ہب سے ریفرل کی صورت حال</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="48"/>
        <source>Held back a change from the hub</source>
        <translation>ہب سے آئی تبدیلی روک لی</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="49"/>
        <source>Change refused by the hub</source>
        <translation>ہب نے تبدیلی نامنظور کی</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="50"/>
        <source>A file could not be sent</source>
        <translation>ایک فائل نہیں بھیجی جا سکی</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="51"/>
        <source>Two changes to one field</source>
        <translation>ایک خانے میں دو تبدیلیاں</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="52"/>
        <source>Settled a conflict</source>
        <translation>اختلاف طے کیا</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="53"/>
        <source>Connected to the hub</source>
        <translation>ہب سے جڑا</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="54"/>
        <source>Moved to another hub</source>
        <translation>دوسرے ہب پر منتقل ہوا</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="55"/>
        <source>Made the station&apos;s signing key</source>
        <translation>اسٹیشن کی دستخطی کلید بنائی</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="63"/>
        <source>patient</source>
        <translation>مریض</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="63"/>
        <source>consultation</source>
        <translation>معائنہ</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="63"/>
        <source>vital signs</source>
        <translation>اہم علامات</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="64"/>
        <source>referral</source>
        <translation>ریفرل</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="64"/>
        <source>advice</source>
        <translation>مشورہ</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="64"/>
        <source>message</source>
        <translation>پیغام</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="65"/>
        <source>photo</source>
        <translation>تصویر</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="65"/>
        <location filename="../admin/audit_words.py" line="66"/>
        <source>user</source>
        <translation>صارف</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="65"/>
        <source>station</source>
        <translation>اسٹیشن</translation>
    </message>
    <message>
        <location filename="../admin/audit_words.py" line="66"/>
        <source>video call</source>
        <translation>ویڈیو کال</translation>
    </message>
</context>
<context>
    <name>BackupTab</name>
    <message>
        <location filename="../admin/backup.py" line="48"/>
        <source>Backup</source>
        <translation>بیک اپ</translation>
    </message>
    <message>
        <location filename="../admin/backup.py" line="50"/>
        <source>A backup is one encrypted file: only this station&apos;s passwords or its recovery key open it. Save it on a USB stick and keep that stick away from this computer. Make one every week.</source>
        <translation>بیک اپ ایک خفیہ (انکرپٹڈ) فائل ہے: اسے صرف اس اسٹیشن کے پاس ورڈ یا اس کی بحالی کی کلید کھول سکتی ہے۔ اسے USB اسٹک پر محفوظ کریں اور وہ اسٹک اس کمپیوٹر سے دور رکھیں۔ ہر ہفتے ایک بیک اپ بنائیں۔</translation>
    </message>
    <message>
        <location filename="../admin/backup.py" line="54"/>
        <source>Make a backup…</source>
        <translation>بیک اپ بنائیں…</translation>
    </message>
    <message>
        <location filename="../admin/backup.py" line="60"/>
        <source>Cancel</source>
        <translation>منسوخ کریں</translation>
    </message>
    <message>
        <location filename="../admin/backup.py" line="73"/>
        <source>Restore</source>
        <translation>بحالی</translation>
    </message>
    <message>
        <location filename="../admin/backup.py" line="75"/>
        <source>Restoring replaces everything on this station with the backup&apos;s contents. Work saved since the backup was made is kept aside in the data folder, not deleted.</source>
        <translation>بحالی اس اسٹیشن کا سارا ڈیٹا بیک اپ کے ڈیٹا سے بدل دیتی ہے۔ بیک اپ کے بعد محفوظ کیا گیا کام ڈیٹا فولڈر میں الگ رکھ دیا جاتا ہے، مٹایا نہیں جاتا۔</translation>
    </message>
    <message>
        <location filename="../admin/backup.py" line="79"/>
        <source>Restore from a backup…</source>
        <translation>بیک اپ سے بحال کریں…</translation>
    </message>
    <message>
        <location filename="../admin/backup.py" line="94"/>
        <source>Save the backup as</source>
        <translation>بیک اپ اس نام سے محفوظ کریں</translation>
    </message>
    <message>
        <location filename="../admin/backup.py" line="96"/>
        <location filename="../admin/backup.py" line="144"/>
        <source>Station backup (*.tsbackup)</source>
        <translation>اسٹیشن کا بیک اپ (*.tsbackup)</translation>
    </message>
    <message>
        <location filename="../admin/backup.py" line="108"/>
        <source>Making the backup…</source>
        <translation>بیک اپ بن رہا ہے…</translation>
    </message>
    <message>
        <location filename="../admin/backup.py" line="129"/>
        <source>Backup saved: %1 (%2 MB).</source>
        <translation>بیک اپ محفوظ ہو گیا: %1 (%2 MB)۔</translation>
    </message>
    <message>
        <location filename="../admin/backup.py" line="136"/>
        <source>The backup was cancelled; no file was written.</source>
        <translation>بیک اپ منسوخ کر دیا گیا؛ کوئی فائل نہیں لکھی گئی۔</translation>
    </message>
    <message>
        <location filename="../admin/backup.py" line="143"/>
        <source>Choose the backup to restore</source>
        <translation>بحالی کے لیے بیک اپ چنیں</translation>
    </message>
    <message>
        <location filename="../admin/backup.py" line="173"/>
        <source>Restoring…</source>
        <translation>بحال ہو رہا ہے…</translation>
    </message>
    <message>
        <location filename="../admin/backup.py" line="180"/>
        <source>The station was restored from the backup.</source>
        <translation>اسٹیشن بیک اپ سے بحال ہو گیا۔</translation>
    </message>
</context>
<context>
    <name>Call</name>
    <message>
        <location filename="../call/devices.py" line="97"/>
        <source>The computer&apos;s usual microphone</source>
        <translation>کمپیوٹر کا معمول کا مائیکروفون</translation>
    </message>
    <message>
        <location filename="../call/devices.py" line="104"/>
        <source>The computer&apos;s usual speaker</source>
        <translation>کمپیوٹر کا معمول کا اسپیکر</translation>
    </message>
    <message>
        <location filename="../call/panel.py" line="53"/>
        <source>Video consults cannot be started from this window.</source>
        <translation>اس ونڈو سے ویڈیو مشاورت شروع نہیں کی جا سکتی۔</translation>
    </message>
    <message>
        <location filename="../call/panel.py" line="55"/>
        <source>This station is not connected to a hub yet, so it cannot call a specialist. An administrator can connect it in Administration → Settings.</source>
        <translation>یہ اسٹیشن ابھی کسی حب سے جڑا نہیں، اس لیے ماہر ڈاکٹر کو کال نہیں کر سکتا۔ منتظم اسے انتظامیہ ← ترتیبات میں جوڑ سکتا ہے۔</translation>
    </message>
    <message>
        <location filename="../call/panel.py" line="59"/>
        <source>Sync first: the specialist cannot see this referral yet</source>
        <translation>پہلے ہم آہنگی کریں: ماہر ڈاکٹر ابھی یہ ریفرل نہیں دیکھ سکتا</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="95"/>
        <source>voice only</source>
        <translation>صرف آواز</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="102"/>
        <source>nobody answered</source>
        <translation>کسی نے جواب نہیں دیا</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="103"/>
        <source>could not connect</source>
        <translation>رابطہ نہ ہو سکا</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="104"/>
        <source>cancelled before the specialist joined</source>
        <translation>ماہر ڈاکٹر کے شامل ہونے سے پہلے منسوخ</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="20"/>
        <source>Opening the camera and microphone…</source>
        <translation>کیمرا اور مائیکروفون کھولا جا رہا ہے…</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="21"/>
        <location filename="../call/words.py" line="111"/>
        <source>Calling the specialist…</source>
        <translation>ماہر ڈاکٹر کو کال کی جا رہی ہے…</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="22"/>
        <location filename="../call/words.py" line="112"/>
        <source>Ringing — waiting for the specialist to join</source>
        <translation>گھنٹی بج رہی ہے — ماہر ڈاکٹر کے شامل ہونے کا انتظار</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="23"/>
        <location filename="../call/words.py" line="114"/>
        <source>Connected</source>
        <translation>رابطہ قائم ہے</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="24"/>
        <location filename="../call/words.py" line="115"/>
        <source>Reconnecting…</source>
        <translation>دوبارہ رابطہ کیا جا رہا ہے…</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="25"/>
        <source>Ending the call…</source>
        <translation>کال ختم کی جا رہی ہے…</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="26"/>
        <source>Call ended</source>
        <translation>کال ختم ہو گئی</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="27"/>
        <source>The call could not be made.</source>
        <translation>کال نہیں ہو سکی۔</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="28"/>
        <source>No answer from the specialist</source>
        <translation>ماہر ڈاکٹر کی طرف سے جواب نہیں آیا</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="35"/>
        <source>Good</source>
        <translation>اچھا</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="36"/>
        <source>Weak link — smaller picture</source>
        <translation>کمزور رابطہ — تصویر چھوٹی کر دی گئی</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="37"/>
        <source>Weak link — video paused, voice continues</source>
        <translation>کمزور رابطہ — ویڈیو رکی ہوئی ہے، آواز جاری ہے</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="44"/>
        <source>Link: good</source>
        <translation>رابطہ: اچھا</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="45"/>
        <source>Link: weak</source>
        <translation>رابطہ: کمزور</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="46"/>
        <source>Link: voice only</source>
        <translation>رابطہ: صرف آواز</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="47"/>
        <source>Link: lost, trying again</source>
        <translation>رابطہ: ٹوٹ گیا، دوبارہ کوشش</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="53"/>
        <source>The specialist&apos;s link is weak.</source>
        <translation>ماہر ڈاکٹر کا رابطہ کمزور ہے۔</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="55"/>
        <source>The specialist&apos;s link is weak: their video is paused.</source>
        <translation>ماہر ڈاکٹر کا رابطہ کمزور ہے: ان کی ویڈیو رکی ہوئی ہے۔</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="64"/>
        <source>%1 min %2 s</source>
        <translation>%1 منٹ %2 سیکنڈ</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="66"/>
        <source>%1 s</source>
        <translation>%1 سیکنڈ</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="79"/>
        <source>Call ended — %1</source>
        <translation>کال ختم ہو گئی — %1</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="84"/>
        <location filename="../call/words.py" line="116"/>
        <source>You ended the call.</source>
        <translation>آپ نے کال ختم کی۔</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="85"/>
        <location filename="../call/words.py" line="117"/>
        <source>The specialist ended the call.</source>
        <translation>ماہر ڈاکٹر نے کال ختم کی۔</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="86"/>
        <source>The connection was lost.</source>
        <translation>رابطہ ٹوٹ گیا۔</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="98"/>
        <source>The station stopped during the call (power cut or crash); it ended about then.</source>
        <translation>کال کے دوران اسٹیشن بند ہو گیا (بجلی گئی یا پروگرام رک گیا)؛ کال تقریباً اسی وقت ختم ہوئی۔</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="113"/>
        <source>%1 joined. Connecting…</source>
        <translation>%1 شامل ہو گئے۔ رابطہ کیا جا رہا ہے…</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="118"/>
        <source>The specialist did not answer in time. The referral is still waiting; you can call again later.</source>
        <translation>ماہر ڈاکٹر نے وقت پر جواب نہیں دیا۔ ریفرل اب بھی منتظر ہے؛ آپ بعد میں دوبارہ کال کر سکتے ہیں۔</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="121"/>
        <source>The connection to the specialist was lost. You can call again; the referral is still there.</source>
        <translation>ماہر ڈاکٹر سے رابطہ ٹوٹ گیا۔ آپ دوبارہ کال کر سکتے ہیں؛ ریفرل اپنی جگہ موجود ہے۔</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="124"/>
        <source>The connection to the hub was lost, so the call ended. Check the internet connection and call again.</source>
        <translation>حب سے رابطہ ٹوٹ گیا، اس لیے کال ختم ہو گئی۔ انٹرنیٹ کنکشن دیکھیں اور دوبارہ کال کریں۔</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="127"/>
        <source>The call could not be set up because of a problem on this computer or the hub. Try again; if it keeps failing, tell the hub administrator.</source>
        <translation>اس کمپیوٹر یا حب میں کسی خرابی کی وجہ سے کال قائم نہ ہو سکی۔ دوبارہ کوشش کریں؛ اگر بار بار ایسا ہو تو حب کے منتظم کو بتائیں۔</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="130"/>
        <source>Sync first: the specialist cannot see this referral yet. Press &quot;Sync now&quot;, wait until it is sent, then start the call again.</source>
        <translation>پہلے ہم آہنگی کریں: ماہر ڈاکٹر ابھی یہ ریفرل نہیں دیکھ سکتا۔ &quot;ابھی ہم آہنگ کریں&quot; دبائیں، اس کے بھیجے جانے کا انتظار کریں، پھر دوبارہ کال شروع کریں۔</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="133"/>
        <source>This referral belongs to another clinic, so it cannot be called about from here.</source>
        <translation>یہ ریفرل کسی دوسرے کلینک کا ہے، اس لیے اس کے بارے میں یہاں سے کال نہیں کی جا سکتی۔</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="135"/>
        <source>The hub does not know this referral. Press &quot;Sync now&quot; and try again.</source>
        <translation>حب اس ریفرل سے واقف نہیں۔ &quot;ابھی ہم آہنگ کریں&quot; دبائیں اور دوبارہ کوشش کریں۔</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="137"/>
        <source>The hub&apos;s conference server is not answering, so the call could not start. Try again in a minute; if it keeps failing, tell the hub administrator.</source>
        <translation>حب کا کانفرنس سرور جواب نہیں دے رہا، اس لیے کال شروع نہیں ہو سکی۔ ایک منٹ بعد دوبارہ کوشش کریں؛ اگر بار بار ایسا ہو تو حب کے منتظم کو بتائیں۔</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="146"/>
        <source>The hub could not follow this call&apos;s connection. Start the call again.</source>
        <translation>حب اس کال کا رابطہ برقرار نہیں رکھ سکا۔ کال دوبارہ شروع کریں۔</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="147"/>
        <source>The hub did not accept this station&apos;s key for the call. An administrator must enroll it again.</source>
        <translation>حب نے کال کے لیے اس اسٹیشن کی کلید قبول نہیں کی۔ منتظم کو اس کا دوبارہ اندراج کرنا ہوگا۔</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="150"/>
        <source>This call belongs to another clinic.</source>
        <translation>یہ کال کسی دوسرے کلینک کی ہے۔</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="151"/>
        <source>The hub does not know this call any more. Start the call again.</source>
        <translation>حب اب اس کال سے واقف نہیں۔ دوبارہ کال شروع کریں۔</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="184"/>
        <source>The camera could not be opened, so this call is voice only. Check that the camera is connected and not used by another program.</source>
        <translation>کیمرا نہیں کھل سکا، اس لیے یہ کال صرف آواز کی ہے۔ دیکھیں کہ کیمرا لگا ہوا ہے اور کوئی دوسرا پروگرام اسے استعمال نہیں کر رہا۔</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="187"/>
        <source>The camera could not be switched back on. Check that it is connected and not used by another program; the call goes on with voice.</source>
        <translation>کیمرا دوبارہ آن نہیں ہو سکا۔ دیکھیں کہ کیمرا لگا ہوا ہے اور کوئی دوسرا پروگرام اسے استعمال نہیں کر رہا؛ کال آواز کے ساتھ جاری ہے۔</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="190"/>
        <source>The microphone could not be opened: the specialist will not hear you. Check the microphone in Settings.</source>
        <translation>مائیکروفون نہیں کھل سکا: ماہر ڈاکٹر آپ کی آواز نہیں سنیں گے۔ ترتیبات میں مائیکروفون دیکھیں۔</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="193"/>
        <source>No speaker or headset found: you will not hear the specialist. Connect a speaker or headset, check it in Settings, then call again.</source>
        <translation>کوئی اسپیکر یا ہیڈسیٹ نہیں ملا: آپ ماہر ڈاکٹر کی آواز نہیں سن سکیں گے۔ اسپیکر یا ہیڈسیٹ لگائیں، ترتیبات میں اسے دیکھیں، پھر دوبارہ کال کریں۔</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="196"/>
        <source>The relay server refused this station&apos;s call pass (it has expired, or the hub and the relay server do not agree). The call cannot go through the relay: tell the hub administrator to check the relay&apos;s secret and clock.</source>
        <translation>ریلے سرور نے اس اسٹیشن کا کال پاس قبول نہیں کیا (اس کی مدت ختم ہو چکی ہے، یا حب اور ریلے سرور آپس میں متفق نہیں)۔ کال ریلے کے ذریعے نہیں ہو سکتی: حب کے منتظم کو بتائیں کہ ریلے کا خفیہ کوڈ اور گھڑی چیک کریں۔</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="200"/>
        <source>The relay server could not be reached from this clinic&apos;s network, so the call can only try a direct path. If calls keep failing, tell the hub administrator.</source>
        <translation>اس کلینک کے نیٹ ورک سے ریلے سرور تک رابطہ نہیں ہو سکا، اس لیے کال صرف براہِ راست راستہ آزما سکتی ہے۔ اگر کالیں بار بار ناکام ہوں تو حب کے منتظم کو بتائیں۔</translation>
    </message>
    <message>
        <location filename="../call/words.py" line="203"/>
        <source>The relay server could not be reached from this clinic&apos;s network, and this hub allows calls only through it, so the call could not start. Tell the hub administrator.</source>
        <translation>اس کلینک کے نیٹ ورک سے ریلے سرور تک رابطہ نہیں ہو سکا، اور یہ حب کالیں صرف اسی کے ذریعے ہونے دیتا ہے، اس لیے کال شروع نہیں ہو سکی۔ حب کے منتظم کو بتائیں۔</translation>
    </message>
</context>
<context>
    <name>CallLauncher</name>
    <message>
        <location filename="../call/launcher.py" line="114"/>
        <source>The patient&apos;s side did not agree to share this case, so no video consult can be made for it.</source>
        <translation>مریض کی طرف سے یہ کیس بھیجنے کی رضامندی نہیں ملی، اس لیے اس کے لیے ویڈیو مشورہ نہیں ہو سکتا۔</translation>
    </message>
    <message>
        <location filename="../call/launcher.py" line="113"/>
        <source>No consent to share</source>
        <translation>بھیجنے کی رضامندی نہیں</translation>
    </message>
</context>
<context>
    <name>CallPanel</name>
    <message>
        <location filename="../call/panel.py" line="75"/>
        <source>Start video consult</source>
        <translation>ویڈیو مشاورت شروع کریں</translation>
    </message>
    <message>
        <location filename="../call/panel.py" line="131"/>
        <source>%1 proposed a video consult on %2.</source>
        <translation>%1 نے %2 کو ویڈیو مشاورت کا وقت تجویز کیا ہے۔</translation>
    </message>
    <message>
        <location filename="../call/panel.py" line="136"/>
        <source>Video consults for this referral:</source>
        <translation>اس ریفرل کی ویڈیو مشاورتیں:</translation>
    </message>
    <message>
        <location filename="../call/panel.py" line="119"/>
        <source>The video consult details could not be read: %1</source>
        <translation>ویڈیو مشاورت کی تفصیل پڑھی نہ جا سکی: %1</translation>
    </message>
</context>
<context>
    <name>CallWindow</name>
    <message>
        <location filename="../call/window.py" line="105"/>
        <source>Video consult — %1</source>
        <translation>ویڈیو مشاورت — %1</translation>
    </message>
    <message>
        <location filename="../call/window.py" line="108"/>
        <source>Video consult: %1</source>
        <translation>ویڈیو مشاورت: %1</translation>
    </message>
    <message>
        <location filename="../call/window.py" line="134"/>
        <source>You are muted: the specialist cannot hear you.</source>
        <translation>آپ کی آواز بند ہے: ماہر ڈاکٹر آپ کو نہیں سن سکتے۔</translation>
    </message>
    <message>
        <location filename="../call/window.py" line="139"/>
        <source>The specialist&apos;s video appears here when they join.</source>
        <translation>ماہر ڈاکٹر کے شامل ہوتے ہی ان کی ویڈیو یہاں نظر آئے گی۔</translation>
    </message>
    <message>
        <location filename="../call/window.py" line="141"/>
        <source>Your camera</source>
        <translation>آپ کا کیمرا</translation>
    </message>
    <message>
        <location filename="../call/window.py" line="146"/>
        <location filename="../call/window.py" line="286"/>
        <location filename="../call/window.py" line="397"/>
        <source>Mute</source>
        <translation>آواز بند کریں</translation>
    </message>
    <message>
        <location filename="../call/window.py" line="147"/>
        <location filename="../call/window.py" line="294"/>
        <source>Camera off</source>
        <translation>کیمرا بند کریں</translation>
    </message>
    <message>
        <location filename="../call/window.py" line="148"/>
        <location filename="../call/window.py" line="304"/>
        <source>Audio only</source>
        <translation>صرف آواز</translation>
    </message>
    <message>
        <location filename="../call/window.py" line="150"/>
        <source>End call</source>
        <translation>کال ختم کریں</translation>
    </message>
    <message>
        <location filename="../call/window.py" line="246"/>
        <source>No camera — this call is voice only</source>
        <translation>کیمرا نہیں — یہ کال صرف آواز کی ہے</translation>
    </message>
    <message>
        <location filename="../call/window.py" line="247"/>
        <source>No camera</source>
        <translation>کیمرا نہیں</translation>
    </message>
    <message>
        <location filename="../call/window.py" line="252"/>
        <source>No camera found: this call is voice only. The specialist can still be seen and heard.</source>
        <translation>کوئی کیمرا نہیں ملا: یہ کال صرف آواز کی ہے۔ ماہر ڈاکٹر پھر بھی نظر آئیں گے اور سنائی دیں گے۔</translation>
    </message>
    <message>
        <location filename="../call/window.py" line="286"/>
        <source>Unmute</source>
        <translation>آواز کھولیں</translation>
    </message>
    <message>
        <location filename="../call/window.py" line="294"/>
        <source>Camera on</source>
        <translation>کیمرا چلائیں</translation>
    </message>
    <message>
        <location filename="../call/window.py" line="296"/>
        <source>Your camera is off: the specialist cannot see you</source>
        <translation>آپ کا کیمرا بند ہے: ماہر ڈاکٹر آپ کو نہیں دیکھ سکتے</translation>
    </message>
    <message>
        <location filename="../call/window.py" line="304"/>
        <source>Video back on</source>
        <translation>ویڈیو دوبارہ چلائیں</translation>
    </message>
    <message>
        <location filename="../call/window.py" line="334"/>
        <source>Waiting for the specialist&apos;s video…</source>
        <translation>ماہر ڈاکٹر کی ویڈیو کا انتظار…</translation>
    </message>
    <message>
        <location filename="../call/window.py" line="361"/>
        <source>Video paused: the link is too weak. Voice continues.</source>
        <translation>ویڈیو رکی ہوئی ہے: رابطہ بہت کمزور ہے۔ آواز جاری ہے۔</translation>
    </message>
    <message>
        <location filename="../call/window.py" line="367"/>
        <source>The specialist&apos;s video is paused: their link is weak. Voice continues.</source>
        <translation>ماہر ڈاکٹر کی ویڈیو رکی ہوئی ہے: ان کا رابطہ کمزور ہے۔ آواز جاری ہے۔</translation>
    </message>
    <message>
        <location filename="../call/window.py" line="395"/>
        <source>Close</source>
        <translation>بند کریں</translation>
    </message>
    <message>
        <location filename="../call/window.py" line="398"/>
        <source>The call has ended.</source>
        <translation>کال ختم ہو گئی ہے۔</translation>
    </message>
    <message>
        <location filename="../call/window.py" line="417"/>
        <source>The call is saved in the patient&apos;s record. It reaches the hub with the next sync.</source>
        <translation>کال مریض کے ریکارڈ میں محفوظ ہو گئی ہے۔ یہ اگلی ہم آہنگی کے ساتھ حب تک پہنچ جائے گی۔</translation>
    </message>
</context>
<context>
    <name>Camera</name>
    <message>
        <location filename="../referral/camera.py" line="56"/>
        <source>No camera support on this computer</source>
        <translation>اس کمپیوٹر پر کیمرے کی سہولت نہیں</translation>
    </message>
    <message>
        <location filename="../referral/camera.py" line="45"/>
        <source>No camera found</source>
        <translation>کوئی کیمرا نہیں ملا</translation>
    </message>
    <message>
        <location filename="../referral/camera.py" line="41"/>
        <source>Looking for a camera…</source>
        <translation>کیمرا تلاش ہو رہا ہے…</translation>
    </message>
    <message>
        <location filename="../referral/camera.py" line="116"/>
        <source>The camera could not be opened. Check that it is plugged in and that no other program (such as a video call) is using it.</source>
        <translation>کیمرا نہیں کھل سکا۔ دیکھیں کہ یہ لگا ہوا ہے اور کوئی دوسرا پروگرام (جیسے ویڈیو کال) اسے استعمال نہیں کر رہا۔</translation>
    </message>
    <message>
        <location filename="../referral/camera.py" line="133"/>
        <source>The camera stopped sending pictures. Check its cable, then open the camera again.</source>
        <translation>کیمرے نے تصویریں بھیجنا بند کر دیا۔ اس کی تار دیکھیں، پھر کیمرا دوبارہ کھولیں۔</translation>
    </message>
    <message>
        <location filename="../referral/camera.py" line="148"/>
        <source>Take a photo</source>
        <translation>تصویر لیں</translation>
    </message>
    <message>
        <location filename="../referral/camera.py" line="150"/>
        <source>Starting the camera…</source>
        <translation>کیمرا شروع ہو رہا ہے…</translation>
    </message>
    <message>
        <location filename="../referral/camera.py" line="154"/>
        <source>Hold the camera steady, with good light on the skin or wound.</source>
        <translation>کیمرا ساکن رکھیں، اور جلد یا زخم پر اچھی روشنی ہو۔</translation>
    </message>
    <message>
        <location filename="../referral/camera.py" line="156"/>
        <source>&amp;Take photo</source>
        <translation>تصویر لیں</translation>
    </message>
    <message>
        <location filename="../referral/camera.py" line="160"/>
        <source>Close</source>
        <translation>بند کریں</translation>
    </message>
    <message>
        <location filename="../referral/camera.py" line="191"/>
        <source>Photo added. Take another or close.</source>
        <translation>تصویر شامل ہو گئی۔ ایک اور لیں یا بند کریں۔</translation>
    </message>
</context>
<context>
    <name>CaseSummary</name>
    <message>
        <location filename="../referral/words.py" line="101"/>
        <source>Complaint</source>
        <translation>شکایت</translation>
    </message>
    <message>
        <location filename="../referral/words.py" line="102"/>
        <source>History</source>
        <translation>تفصیل مرض</translation>
    </message>
    <message>
        <location filename="../referral/words.py" line="103"/>
        <source>Examination</source>
        <translation>معائنہ</translation>
    </message>
    <message>
        <location filename="../referral/words.py" line="104"/>
        <source>Assessment</source>
        <translation>تشخیصی رائے</translation>
    </message>
    <message>
        <location filename="../referral/words.py" line="105"/>
        <source>Diagnoses</source>
        <translation>تشخیص</translation>
    </message>
    <message>
        <location filename="../referral/words.py" line="106"/>
        <source>Vital signs</source>
        <translation>اہم علامات</translation>
    </message>
</context>
<context>
    <name>ClinicPage</name>
    <message>
        <location filename="../wizard.py" line="83"/>
        <source>Your clinic</source>
        <translation>آپ کا مرکز صحت</translation>
    </message>
    <message>
        <location filename="../wizard.py" line="84"/>
        <source>The name appears on the sign-in screen, on printed summaries and at the hub.</source>
        <translation>یہ نام سائن اِن اسکرین پر، چھپے ہوئے خلاصوں پر اور حب پر نظر آتا ہے۔</translation>
    </message>
    <message>
        <location filename="../wizard.py" line="85"/>
        <source>Clinic name</source>
        <translation>مرکز صحت کا نام</translation>
    </message>
    <message>
        <location filename="../wizard.py" line="86"/>
        <source>District</source>
        <translation>ضلع</translation>
    </message>
    <message>
        <location filename="../wizard.py" line="87"/>
        <source>for example: Basic Health Unit Jhok Sharif</source>
        <translation>مثلاً: بنیادی مرکز صحت جھوک شریف</translation>
    </message>
    <message>
        <location filename="../wizard.py" line="91"/>
        <source>Clinic name: write at least 3 letters.</source>
        <translation>مرکز صحت کا نام: کم از کم 3 حروف لکھیں۔</translation>
    </message>
    <message>
        <location filename="../wizard.py" line="95"/>
        <source>District: write the district the clinic is in.</source>
        <translation>ضلع: وہ ضلع لکھیں جس میں مرکز صحت واقع ہے۔</translation>
    </message>
</context>
<context>
    <name>Conferences</name>
    <message>
        <location filename="../conference_words.py" line="22"/>
        <source>%1 Pakistan time</source>
        <translation>%1 پاکستانی وقت</translation>
    </message>
    <message>
        <location filename="../conference_words.py" line="24"/>
        <source>%1 (time zone %2)</source>
        <translation>%1 (ٹائم زون %2)</translation>
    </message>
    <message>
        <location filename="../conference_words.py" line="34"/>
        <source>This case was discussed at the case conference “%1”. Its outcome is the advice below.</source>
        <translation>اس کیس پر کیس کانفرنس «%1» میں بات ہو چکی ہے۔ اس کا نتیجہ نیچے دیا گیا مشورہ ہے۔</translation>
    </message>
    <message>
        <location filename="../conference_words.py" line="39"/>
        <source>This case was taken off the agenda of the case conference “%1”.</source>
        <translation>یہ کیس کیس کانفرنس «%1» کے ایجنڈے سے ہٹا دیا گیا ہے۔</translation>
    </message>
    <message>
        <location filename="../conference_words.py" line="43"/>
        <source>This case is on the agenda of the case conference “%1” at %2. Have the patient or the file ready and join the video call when the case comes up.</source>
        <translation>یہ کیس %2 پر کیس کانفرنس «%1» کے ایجنڈے پر ہے۔ اس وقت مریض یا فائل تیار رکھیں اور جب کیس کی باری آئے تو ویڈیو کال میں شامل ہوں۔</translation>
    </message>
    <message>
        <location filename="../conference_words.py" line="59"/>
        <source>From the case conference “%1”.</source>
        <translation>کیس کانفرنس «%1» کی طرف سے۔</translation>
    </message>
    <message>
        <location filename="../conference_words.py" line="65"/>
        <source>Specialists present: %1</source>
        <translation>موجود ماہرین: %1</translation>
    </message>
    <message>
        <location filename="../conference_words.py" line="69"/>
        <source>With second opinions from: %1</source>
        <translation>ان ماہرین کی دوسری رائے کے ساتھ: %1</translation>
    </message>
</context>
<context>
    <name>ConflictCard</name>
    <message>
        <location filename="../conflicts.py" line="78"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../conflicts.py" line="85"/>
        <source>On this station</source>
        <translation>اس اسٹیشن پر</translation>
    </message>
    <message>
        <location filename="../conflicts.py" line="85"/>
        <source>Saved first</source>
        <translation>پہلے محفوظ ہوا</translation>
    </message>
    <message>
        <location filename="../conflicts.py" line="86"/>
        <source>From the hub</source>
        <translation>ہب سے</translation>
    </message>
    <message>
        <location filename="../conflicts.py" line="86"/>
        <source>Saved at the same time</source>
        <translation>اسی وقت محفوظ ہوا</translation>
    </message>
    <message>
        <location filename="../conflicts.py" line="105"/>
        <source>Keep this value</source>
        <translation>یہی رکھیں</translation>
    </message>
    <message>
        <location filename="../conflicts.py" line="105"/>
        <source>Use this value</source>
        <translation>یہ استعمال کریں</translation>
    </message>
    <message>
        <location filename="../conflicts.py" line="107"/>
        <source>Keep the station&apos;s copy</source>
        <translation>اسٹیشن والا ریکارڈ رکھیں</translation>
    </message>
    <message>
        <location filename="../conflicts.py" line="117"/>
        <source>A clinical record cannot be changed once recorded: the station keeps its copy. If the other copy is right, record a correction.</source>
        <translation>طبی ریکارڈ درج ہونے کے بعد بدلا نہیں جا سکتا: اسٹیشن اپنا ریکارڈ رکھتا ہے۔ اگر دوسرا درست ہے تو تصحیح درج کریں۔</translation>
    </message>
</context>
<context>
    <name>Conflicts</name>
    <message>
        <location filename="../conflicts.py" line="33"/>
        <source>name</source>
        <translation>نام</translation>
    </message>
    <message>
        <location filename="../conflicts.py" line="34"/>
        <source>name in Urdu</source>
        <translation>اردو میں نام</translation>
    </message>
    <message>
        <location filename="../conflicts.py" line="35"/>
        <source>father&apos;s or husband&apos;s name</source>
        <translation>والد یا شوہر کا نام</translation>
    </message>
    <message>
        <location filename="../conflicts.py" line="36"/>
        <source>father&apos;s name in Urdu</source>
        <translation>اردو میں والد کا نام</translation>
    </message>
    <message>
        <location filename="../conflicts.py" line="37"/>
        <source>sex</source>
        <translation>جنس</translation>
    </message>
    <message>
        <location filename="../conflicts.py" line="38"/>
        <source>date of birth</source>
        <translation>تاریخ پیدائش</translation>
    </message>
    <message>
        <location filename="../conflicts.py" line="39"/>
        <source>age</source>
        <translation>عمر</translation>
    </message>
    <message>
        <location filename="../conflicts.py" line="40"/>
        <source>CNIC</source>
        <translation>شناختی کارڈ نمبر</translation>
    </message>
    <message>
        <location filename="../conflicts.py" line="41"/>
        <source>phone number</source>
        <translation>فون نمبر</translation>
    </message>
    <message>
        <location filename="../conflicts.py" line="42"/>
        <source>village</source>
        <translation>گاؤں</translation>
    </message>
    <message>
        <location filename="../conflicts.py" line="43"/>
        <source>district</source>
        <translation>ضلع</translation>
    </message>
    <message>
        <location filename="../conflicts.py" line="50"/>
        <source>(empty)</source>
        <translation>(خالی)</translation>
    </message>
    <message>
        <location filename="../conflicts.py" line="58"/>
        <source>changed by %1 on %2</source>
        <translation>%1 نے %2 کو بدلا</translation>
    </message>
    <message>
        <location filename="../conflicts.py" line="61"/>
        <source>changed by %1</source>
        <translation>%1 نے بدلا</translation>
    </message>
    <message>
        <location filename="../conflicts.py" line="63"/>
        <source>changed on %1</source>
        <translation>%1 کو بدلا گیا</translation>
    </message>
    <message>
        <location filename="../conflicts.py" line="64"/>
        <source>who changed it is not known</source>
        <translation>معلوم نہیں کس نے بدلا</translation>
    </message>
</context>
<context>
    <name>ConflictsPage</name>
    <message>
        <location filename="../conflicts.py" line="132"/>
        <source>The same detail was changed in two places. Check with the patient which is right and choose it; the choice is sent to the hub and kept in the audit log.</source>
        <translation>ایک ہی معلومات دو جگہ مختلف بدلی گئی۔ مریض سے پوچھ کر درست انتخاب کریں؛ آپ کا انتخاب ہب کو بھیجا جائے گا اور آڈٹ لاگ میں محفوظ رہے گا۔</translation>
    </message>
    <message>
        <location filename="../conflicts.py" line="148"/>
        <source>Changes to settle</source>
        <translation>طے کرنے والی تبدیلیاں</translation>
    </message>
    <message>
        <location filename="../conflicts.py" line="173"/>
        <source>Nothing to settle: every change agrees.</source>
        <translation>طے کرنے کو کچھ نہیں: تمام تبدیلیاں ایک جیسی ہیں۔</translation>
    </message>
    <message>
        <location filename="../conflicts.py" line="177"/>
        <source>Saved. It goes to the hub with the next sync.</source>
        <translation>محفوظ ہو گیا۔ اگلی ہم آہنگی میں ہب کو جائے گا۔</translation>
    </message>
</context>
<context>
    <name>Consent</name>
    <message>
        <location filename="../referral/consent.py" line="31"/>
        <source>the patient</source>
        <translation>مریض خود</translation>
    </message>
    <message>
        <location filename="../referral/consent.py" line="32"/>
        <source>mother</source>
        <translation>والدہ</translation>
    </message>
    <message>
        <location filename="../referral/consent.py" line="33"/>
        <source>father</source>
        <translation>والد</translation>
    </message>
    <message>
        <location filename="../referral/consent.py" line="34"/>
        <source>husband</source>
        <translation>شوہر</translation>
    </message>
    <message>
        <location filename="../referral/consent.py" line="35"/>
        <source>wife</source>
        <translation>بیوی</translation>
    </message>
    <message>
        <location filename="../referral/consent.py" line="36"/>
        <source>son</source>
        <translation>بیٹا</translation>
    </message>
    <message>
        <location filename="../referral/consent.py" line="37"/>
        <source>daughter</source>
        <translation>بیٹی</translation>
    </message>
    <message>
        <location filename="../referral/consent.py" line="38"/>
        <source>brother</source>
        <translation>بھائی</translation>
    </message>
    <message>
        <location filename="../referral/consent.py" line="39"/>
        <source>sister</source>
        <translation>بہن</translation>
    </message>
    <message>
        <location filename="../referral/consent.py" line="40"/>
        <source>grandparent</source>
        <translation>دادا، دادی، نانا یا نانی</translation>
    </message>
    <message>
        <location filename="../referral/consent.py" line="41"/>
        <source>guardian</source>
        <translation>سرپرست</translation>
    </message>
    <message>
        <location filename="../referral/consent.py" line="42"/>
        <source>other relative</source>
        <translation>دوسرا رشتہ دار</translation>
    </message>
    <message>
        <location filename="../referral/consent.py" line="52"/>
        <source>Consent to share: not recorded.</source>
        <translation>معلومات بھیجنے کی رضامندی: درج نہیں۔</translation>
    </message>
    <message>
        <location filename="../referral/consent.py" line="57"/>
        <source>Consent to share given by %1.</source>
        <translation>معلومات بھیجنے کی رضامندی %1 نے دی۔</translation>
    </message>
    <message>
        <location filename="../referral/consent.py" line="58"/>
        <source>Consent to share refused by %1: this referral stays on this computer.</source>
        <translation>%1 نے معلومات بھیجنے سے انکار کیا: یہ ریفرل اسی کمپیوٹر پر رہے گا۔</translation>
    </message>
</context>
<context>
    <name>ConsentBox</name>
    <message>
        <location filename="../referral/consent.py" line="72"/>
        <source>Nothing about the patient leaves this clinic without consent. Ask the patient (or, for a child or a very ill patient, a caregiver) whether the case may be shared with a specialist.</source>
        <translation>رضامندی کے بغیر مریض کی کوئی معلومات اس کلینک سے باہر نہیں جاتی۔ مریض سے (یا بچے یا بہت بیمار مریض کی صورت میں دیکھ بھال کرنے والے سے) پوچھیں کہ کیا کیس ماہر ڈاکٹر کو بھیجا جا سکتا ہے۔</translation>
    </message>
    <message>
        <location filename="../referral/consent.py" line="78"/>
        <source>The patient</source>
        <translation>مریض خود</translation>
    </message>
    <message>
        <location filename="../referral/consent.py" line="78"/>
        <source>A caregiver</source>
        <translation>دیکھ بھال کرنے والا</translation>
    </message>
    <message>
        <location filename="../referral/consent.py" line="85"/>
        <source>Agrees to share</source>
        <translation>بھیجنے پر رضامند ہے</translation>
    </message>
    <message>
        <location filename="../referral/consent.py" line="87"/>
        <source>Does not agree: keep it on this computer</source>
        <translation>رضامند نہیں: اسی کمپیوٹر پر رکھیں</translation>
    </message>
    <message>
        <location filename="../referral/consent.py" line="92"/>
        <source>Name of the person asked</source>
        <translation>جس سے پوچھا گیا اس کا نام</translation>
    </message>
    <message>
        <location filename="../referral/consent.py" line="102"/>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <location filename="../referral/consent.py" line="103"/>
        <source>Relation to the patient</source>
        <translation>مریض سے رشتہ</translation>
    </message>
    <message>
        <location filename="../referral/consent.py" line="104"/>
        <source>Consent: write the name of the person who was asked.</source>
        <translation>رضامندی: جس سے پوچھا گیا اس کا نام لکھیں۔</translation>
    </message>
    <message>
        <location filename="../referral/consent.py" line="106"/>
        <source>Consent: choose how the caregiver is related to the patient.</source>
        <translation>رضامندی: دیکھ بھال کرنے والے کا مریض سے رشتہ منتخب کریں۔</translation>
    </message>
    <message>
        <location filename="../referral/consent.py" line="109"/>
        <source>Consent: choose who was asked, the patient or a caregiver.</source>
        <translation>رضامندی: منتخب کریں کس سے پوچھا گیا، مریض یا دیکھ بھال کرنے والا۔</translation>
    </message>
    <message>
        <location filename="../referral/consent.py" line="112"/>
        <source>Consent: choose whether they agree to share.</source>
        <translation>رضامندی: منتخب کریں کہ وہ بھیجنے پر رضامند ہیں یا نہیں۔</translation>
    </message>
    <message>
        <location filename="../referral/consent.py" line="115"/>
        <source>Consent to share</source>
        <translation>معلومات بھیجنے کی رضامندی</translation>
    </message>
</context>
<context>
    <name>ConsentDialog</name>
    <message>
        <location filename="../referral/consent.py" line="176"/>
        <source>Consent to share</source>
        <translation>معلومات بھیجنے کی رضامندی</translation>
    </message>
    <message>
        <location filename="../referral/consent.py" line="183"/>
        <source>Record consent</source>
        <translation>رضامندی درج کریں</translation>
    </message>
    <message>
        <location filename="../referral/consent.py" line="185"/>
        <source>Cancel</source>
        <translation>منسوخ کریں</translation>
    </message>
</context>
<context>
    <name>ConsultationPage</name>
    <message>
        <location filename="../consultation/page.py" line="150"/>
        <source>Discard the correction</source>
        <translation>تصحیح ختم کریں</translation>
    </message>
    <message>
        <location filename="../consultation/kept.py" line="37"/>
        <source>The consultation for %1 is not saved yet.</source>
        <translation>%1 کا معائنہ ابھی محفوظ نہیں ہوا۔</translation>
    </message>
    <message>
        <location filename="../consultation/page.py" line="279"/>
        <source>Correction of the consultation signed on %1, not saved yet. Reason: %2</source>
        <translation>%1 کو دستخط شدہ معائنے کی تصحیح، ابھی محفوظ نہیں۔ وجہ: %2</translation>
    </message>
    <message>
        <location filename="../consultation/page.py" line="289"/>
        <source>Correction of a signed consultation (reason: %1).</source>
        <translation>دستخط شدہ معائنے کی تصحیح (وجہ: %1)۔</translation>
    </message>
    <message>
        <location filename="../consultation/page.py" line="293"/>
        <source>What you typed before (kept at %1) is back; it is not saved yet.</source>
        <translation>آپ کا پہلے لکھا ہوا (%1 کو رکھا گیا) واپس آ گیا ہے؛ ابھی محفوظ نہیں ہوا۔</translation>
    </message>
    <message>
        <location filename="../consultation/page.py" line="76"/>
        <source>Consultation</source>
        <translation>معائنہ</translation>
    </message>
    <message>
        <location filename="../consultation/page.py" line="85"/>
        <source>What the patient comes for, in their words, and since when</source>
        <translation>مریض کس تکلیف کے لیے آیا ہے، اس کے اپنے الفاظ میں، اور کب سے</translation>
    </message>
    <message>
        <location filename="../consultation/page.py" line="87"/>
        <source>History of the illness, past illnesses, medicines, allergies</source>
        <translation>بیماری کی تفصیل، پرانی بیماریاں، دوائیں، الرجی</translation>
    </message>
    <message>
        <location filename="../consultation/page.py" line="89"/>
        <source>What you found on examination</source>
        <translation>معائنے میں آپ نے کیا پایا</translation>
    </message>
    <message>
        <location filename="../consultation/page.py" line="90"/>
        <source>Your assessment</source>
        <translation>آپ کی تشخیصی رائے</translation>
    </message>
    <message>
        <location filename="../consultation/page.py" line="91"/>
        <source>Treatment, advice given, tests, when to come back at once</source>
        <translation>علاج، دی گئی ہدایات، ٹیسٹ، فوراً واپس کب آنا ہے</translation>
    </message>
    <message>
        <location filename="../consultation/page.py" line="93"/>
        <source>Main &amp;complaint</source>
        <translation>بنیادی شکایت</translation>
    </message>
    <message>
        <location filename="../consultation/page.py" line="93"/>
        <source>&amp;History</source>
        <translation>تفصیلِ مرض</translation>
    </message>
    <message>
        <location filename="../consultation/page.py" line="94"/>
        <source>E&amp;xamination</source>
        <translation>معائنہ</translation>
    </message>
    <message>
        <location filename="../consultation/page.py" line="94"/>
        <source>&amp;Assessment</source>
        <translation>تشخیصی رائے</translation>
    </message>
    <message>
        <location filename="../consultation/page.py" line="95"/>
        <source>&amp;Plan and advice</source>
        <translation>منصوبہ اور ہدایات</translation>
    </message>
    <message>
        <location filename="../consultation/page.py" line="122"/>
        <source>Vital signs</source>
        <translation>اہم علامات (وائٹل سائنز)</translation>
    </message>
    <message>
        <location filename="../consultation/page.py" line="125"/>
        <source>Diagnosis (ICD-10)</source>
        <translation>تشخیص (ICD-10)</translation>
    </message>
    <message>
        <location filename="../consultation/page.py" line="127"/>
        <source>Medicines</source>
        <translation>دوائیں</translation>
    </message>
    <message>
        <location filename="../consultation/page.py" line="138"/>
        <source>&amp;Save draft</source>
        <translation>مسودہ محفوظ کریں</translation>
    </message>
    <message>
        <location filename="../consultation/page.py" line="141"/>
        <source>Si&amp;gn</source>
        <translation>دستخط کریں</translation>
    </message>
    <message>
        <location filename="../consultation/page.py" line="144"/>
        <source>Signing makes the consultation final; later changes are added as a correction.</source>
        <translation>دستخط کے بعد معائنہ حتمی ہو جاتا ہے؛ بعد کی تبدیلیاں تصحیح کے طور پر شامل ہوتی ہیں۔</translation>
    </message>
    <message>
        <location filename="../consultation/page.py" line="147"/>
        <source>&amp;Correct</source>
        <translation>تصحیح کریں</translation>
    </message>
    <message>
        <location filename="../consultation/page.py" line="153"/>
        <source>&amp;Refer to a specialist</source>
        <translation>ماہر ڈاکٹر کو ریفر کریں</translation>
    </message>
    <message>
        <location filename="../consultation/page.py" line="156"/>
        <source>Pr&amp;int summary</source>
        <translation>خلاصہ پرنٹ کریں</translation>
    </message>
    <message>
        <location filename="../consultation/page.py" line="159"/>
        <source>Save as P&amp;DF</source>
        <translation>PDF کے طور پر محفوظ کریں</translation>
    </message>
    <message>
        <location filename="../consultation/page.py" line="162"/>
        <source>Back to the chart</source>
        <translation>چارٹ پر واپس</translation>
    </message>
    <message>
        <location filename="../consultation/page.py" line="189"/>
        <source>Complaint: write the patient&apos;s main complaint (up to 4000 characters).</source>
        <translation>شکایت: مریض کی بنیادی شکایت لکھیں (زیادہ سے زیادہ 4000 حروف)۔</translation>
    </message>
    <message>
        <location filename="../consultation/page.py" line="190"/>
        <source>Assessment: write your assessment or choose a diagnosis before signing.</source>
        <translation>تشخیصی رائے: دستخط سے پہلے اپنی رائے لکھیں یا تشخیص چنیں۔</translation>
    </message>
    <message>
        <location filename="../consultation/page.py" line="191"/>
        <source>Keep it under 4000 characters.</source>
        <translation>اسے 4000 حروف سے کم رکھیں۔</translation>
    </message>
    <message>
        <location filename="../consultation/page.py" line="282"/>
        <source>New consultation: not saved yet.</source>
        <translation>نیا معائنہ: ابھی محفوظ نہیں ہوا۔</translation>
    </message>
    <message>
        <location filename="../consultation/page.py" line="284"/>
        <source>Signed by %1 on %2. To change it, press Correct: the original is kept.</source>
        <translation>%1 نے %2 کو دستخط کیے۔ تبدیلی کے لیے &quot;تصحیح کریں&quot; دبائیں: اصل محفوظ رہتا ہے۔</translation>
    </message>
    <message>
        <location filename="../consultation/page.py" line="287"/>
        <source>Draft saved on %1, not signed yet.</source>
        <translation>مسودہ %1 کو محفوظ ہوا، ابھی دستخط نہیں ہوئے۔</translation>
    </message>
    <message>
        <location filename="../consultation/page.py" line="296"/>
        <source>You have changes that are not saved yet.</source>
        <translation>آپ کی کچھ تبدیلیاں ابھی محفوظ نہیں ہوئیں۔</translation>
    </message>
    <message>
        <location filename="../consultation/page.py" line="321"/>
        <location filename="../consultation/page.py" line="370"/>
        <source>Vital signs: correct the values marked in red. Nothing was saved yet.</source>
        <translation>اہم علامات: سرخ نشان والی قدریں درست کریں۔ ابھی کچھ محفوظ نہیں ہوا۔</translation>
    </message>
    <message>
        <location filename="../consultation/page.py" line="324"/>
        <location filename="../consultation/page.py" line="328"/>
        <source>Correct the fields marked in red. Nothing was saved yet.</source>
        <translation>سرخ نشان والے خانے درست کریں۔ ابھی کچھ محفوظ نہیں ہوا۔</translation>
    </message>
    <message>
        <location filename="../consultation/page.py" line="360"/>
        <source>Saved as a draft, not signed: complete the field marked in red, then sign again.</source>
        <translation>مسودے کے طور پر محفوظ ہوا، دستخط نہیں ہوئے: سرخ نشان والا خانہ مکمل کریں، پھر دوبارہ دستخط کریں۔</translation>
    </message>
    <message>
        <location filename="../consultation/page.py" line="373"/>
        <source>Correct the field marked in red. Nothing was saved yet; what you typed is kept.</source>
        <translation>سرخ نشان والا خانہ درست کریں۔ ابھی کچھ محفوظ نہیں ہوا؛ آپ کا لکھا ہوا باقی ہے۔</translation>
    </message>
    <message>
        <location filename="../consultation/page.py" line="406"/>
        <source>Save summary as PDF</source>
        <translation>خلاصہ PDF کے طور پر محفوظ کریں</translation>
    </message>
    <message>
        <location filename="../consultation/page.py" line="407"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF فائلیں (*.pdf)</translation>
    </message>
    <message>
        <location filename="../consultation/page.py" line="418"/>
        <source>Summary saved as %1.</source>
        <translation>خلاصہ %1 کے نام سے محفوظ ہو گیا۔</translation>
    </message>
</context>
<context>
    <name>ConsultationSummary</name>
    <message>
        <location filename="../consultation/summary.py" line="59"/>
        <source>Consultation summary</source>
        <translation>معائنے کا خلاصہ</translation>
    </message>
    <message>
        <location filename="../consultation/summary.py" line="60"/>
        <source>MRN %1</source>
        <translation>MRN %1</translation>
    </message>
    <message>
        <location filename="../consultation/summary.py" line="61"/>
        <source>Date: %1</source>
        <translation>تاریخ: %1</translation>
    </message>
    <message>
        <location filename="../consultation/summary.py" line="62"/>
        <source>Complaint</source>
        <translation>شکایت</translation>
    </message>
    <message>
        <location filename="../consultation/summary.py" line="63"/>
        <source>Vital signs</source>
        <translation>اہم علامات (وائٹل سائنز)</translation>
    </message>
    <message>
        <location filename="../consultation/summary.py" line="64"/>
        <source>Assessment</source>
        <translation>تشخیصی رائے</translation>
    </message>
    <message>
        <location filename="../consultation/summary.py" line="65"/>
        <source>Diagnosis</source>
        <translation>تشخیص</translation>
    </message>
    <message>
        <location filename="../consultation/summary.py" line="66"/>
        <source>Medicines</source>
        <translation>دوائیں</translation>
    </message>
    <message>
        <location filename="../consultation/summary.py" line="67"/>
        <source>Medicine</source>
        <translation>دوا</translation>
    </message>
    <message>
        <location filename="../consultation/summary.py" line="68"/>
        <source>Dose</source>
        <translation>خوراک</translation>
    </message>
    <message>
        <location filename="../consultation/summary.py" line="69"/>
        <source>How often</source>
        <translation>کتنی بار</translation>
    </message>
    <message>
        <location filename="../consultation/summary.py" line="70"/>
        <source>Days</source>
        <translation>دن</translation>
    </message>
    <message>
        <location filename="../consultation/summary.py" line="71"/>
        <source>Notes</source>
        <translation>نوٹس</translation>
    </message>
    <message>
        <location filename="../consultation/summary.py" line="72"/>
        <source>Plan and advice</source>
        <translation>منصوبہ اور ہدایات</translation>
    </message>
    <message>
        <location filename="../consultation/summary.py" line="73"/>
        <source>Come back on</source>
        <translation>واپسی کی تاریخ</translation>
    </message>
    <message>
        <location filename="../consultation/summary.py" line="74"/>
        <source>Signed by %1 on %2</source>
        <translation>%1 نے %2 کو دستخط کیے</translation>
    </message>
    <message>
        <location filename="../consultation/summary.py" line="75"/>
        <source>Draft written by %1, not signed yet</source>
        <translation>مسودہ: %1 نے لکھا، ابھی دستخط نہیں ہوئے</translation>
    </message>
    <message>
        <location filename="../consultation/summary.py" line="76"/>
        <source>DRAFT: NOT SIGNED</source>
        <translation>مسودہ: دستخط شدہ نہیں</translation>
    </message>
    <message>
        <location filename="../consultation/summary.py" line="77"/>
        <source>Not a final record: the consultation may still change.</source>
        <translation>یہ حتمی ریکارڈ نہیں: معائنے میں ابھی تبدیلی ہو سکتی ہے۔</translation>
    </message>
    <message>
        <location filename="../consultation/summary.py" line="79"/>
        <source>DRAFT</source>
        <translation>مسودہ</translation>
    </message>
</context>
<context>
    <name>CorrectionReasonDialog</name>
    <message>
        <location filename="../consultation/correction.py" line="21"/>
        <source>Correct a signed consultation</source>
        <translation>دستخط شدہ معائنے کی تصحیح</translation>
    </message>
    <message>
        <location filename="../consultation/correction.py" line="23"/>
        <source>The signed consultation stays as it is; your correction is added beside it. Why does it need correcting?</source>
        <translation>دستخط شدہ معائنہ ویسا ہی رہے گا؛ آپ کی تصحیح اس کے ساتھ شامل ہو گی۔ تصحیح کیوں ضروری ہے؟</translation>
    </message>
    <message>
        <location filename="../consultation/correction.py" line="28"/>
        <source>e.g. wrong dose written; temperature entered for another patient</source>
        <translation>مثلاً غلط خوراک لکھی گئی؛ کسی اور مریض کا بخار درج ہوا</translation>
    </message>
    <message>
        <location filename="../consultation/correction.py" line="30"/>
        <source>Reason for the correction: write what was wrong (at least 5 letters).</source>
        <translation>تصحیح کی وجہ: لکھیں کیا غلط تھا (کم از کم 5 حروف)۔</translation>
    </message>
    <message>
        <location filename="../consultation/correction.py" line="33"/>
        <source>Start the correction</source>
        <translation>تصحیح شروع کریں</translation>
    </message>
    <message>
        <location filename="../consultation/correction.py" line="35"/>
        <source>Cancel</source>
        <translation>منسوخ کریں</translation>
    </message>
</context>
<context>
    <name>DatePicker</name>
    <message>
        <location filename="../patients/register_extras.py" line="87"/>
        <source>Pick the date from a calendar</source>
        <translation>کیلنڈر سے تاریخ چنیں</translation>
    </message>
</context>
<context>
    <name>DiagnosisPicker</name>
    <message>
        <location filename="../consultation/pickers.py" line="131"/>
        <source>Search a diagnosis by name or ICD-10 code, e.g. pneumonia or J18</source>
        <translation>تشخیص نام یا ICD-10 کوڈ سے تلاش کریں، مثلاً pneumonia یا J18</translation>
    </message>
    <message>
        <location filename="../consultation/pickers.py" line="134"/>
        <source>No diagnosis in the list matches. Try another word (e.g. &apos;fever&apos;, &apos;diarrhoea&apos;) or the code&apos;s first letters.</source>
        <translation>فہرست میں کوئی تشخیص نہیں ملی۔ کوئی اور لفظ آزمائیں (مثلاً &apos;fever&apos;، &apos;diarrhoea&apos;) یا کوڈ کے پہلے حروف۔</translation>
    </message>
    <message>
        <location filename="../consultation/pickers.py" line="141"/>
        <source>Remove diagnosis</source>
        <translation>تشخیص ہٹائیں</translation>
    </message>
</context>
<context>
    <name>DraftKeeper</name>
    <message>
        <location filename="../drafts.py" line="67"/>
        <source>Keep it as a draft and go</source>
        <translation>مسودہ رکھ کر آگے جائیں</translation>
    </message>
    <message>
        <location filename="../drafts.py" line="67"/>
        <source>Stay on this page</source>
        <translation>اسی صفحے پر رہیں</translation>
    </message>
    <message>
        <location filename="../drafts.py" line="77"/>
        <source>Keep it as a draft and close</source>
        <translation>مسودہ رکھ کر بند کریں</translation>
    </message>
    <message>
        <location filename="../drafts.py" line="78"/>
        <source>Stay</source>
        <translation>رکیں</translation>
    </message>
    <message>
        <location filename="../drafts.py" line="85"/>
        <source>Not saved yet</source>
        <translation>ابھی محفوظ نہیں ہوا</translation>
    </message>
    <message>
        <location filename="../drafts.py" line="86"/>
        <source>It is kept as a draft on this computer and offered again when you sign in.</source>
        <translation>یہ اسی کمپیوٹر پر مسودے کے طور پر رکھا جائے گا اور اگلی بار سائن ان پر دوبارہ پیش ہو گا۔</translation>
    </message>
    <message>
        <location filename="../drafts.py" line="107"/>
        <source>Continue the consultation for %1 started %2</source>
        <translation>%1 کا معائنہ جاری رکھیں، جو %2 کو شروع ہوا</translation>
    </message>
    <message>
        <location filename="../drafts.py" line="109"/>
        <source>Continue the registration of %1 started %2</source>
        <translation>%1 کی رجسٹریشن جاری رکھیں، جو %2 کو شروع ہوئی</translation>
    </message>
    <message>
        <location filename="../drafts.py" line="111"/>
        <source>Continue the registration started %2</source>
        <translation>%2 کو شروع ہونے والی رجسٹریشن جاری رکھیں</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../errors.py" line="31"/>
        <source>The hub could not be reached. Your work is saved on this computer and will be sent when the connection returns.</source>
        <translation>حب سے رابطہ نہیں ہو سکا۔ آپ کا کام اس کمپیوٹر پر محفوظ ہے اور کنکشن بحال ہونے پر بھیج دیا جائے گا۔</translation>
    </message>
    <message>
        <location filename="../errors.py" line="34"/>
        <source>The computer could not read or write a file ({reason}). Check that the disk is not full and try again.</source>
        <translation>کمپیوٹر فائل پڑھ یا لکھ نہیں سکا ({reason})۔ دیکھیں کہ ڈسک بھری ہوئی تو نہیں، پھر دوبارہ کوشش کریں۔</translation>
    </message>
    <message>
        <location filename="../errors.py" line="36"/>
        <source>Something went wrong that the program did not expect. Your saved work is safe. Try again; if it happens again, press &quot;Copy details&quot; and send them to support.</source>
        <translation>کوئی ایسی خرابی ہوئی جس کی پروگرام کو توقع نہیں تھی۔ آپ کا محفوظ کیا ہوا کام سلامت ہے۔ دوبارہ کوشش کریں؛ اگر پھر ایسا ہو تو &quot;تفصیل نقل کریں&quot; دبا کر تفصیل مدد کرنے والوں کو بھیجیں۔</translation>
    </message>
    <message>
        <location filename="../errors.py" line="58"/>
        <source>Problem</source>
        <translation>مسئلہ</translation>
    </message>
    <message>
        <location filename="../errors.py" line="60"/>
        <source>Copy details</source>
        <translation>تفصیل نقل کریں</translation>
    </message>
    <message>
        <location filename="../errors.py" line="69"/>
        <source>Copied</source>
        <translation>نقل ہو گئی</translation>
    </message>
</context>
<context>
    <name>EscalationNote</name>
    <message>
        <location filename="../referral/escalation.py" line="21"/>
        <source>%1 min</source>
        <translation>%1 منٹ</translation>
    </message>
    <message>
        <location filename="../referral/escalation.py" line="24"/>
        <source>%1 h</source>
        <translation>%1 گھنٹے</translation>
    </message>
    <message>
        <location filename="../referral/escalation.py" line="25"/>
        <source>%1 days</source>
        <translation>%1 دن</translation>
    </message>
    <message>
        <location filename="../referral/escalation.py" line="31"/>
        <source>Escalated to %1 (backup specialist) after waiting %2</source>
        <translation>ریفرل %2 کے انتظار کے بعد %1 (متبادل ماہر) کو بھیج دیا گیا</translation>
    </message>
    <message>
        <location filename="../referral/escalation.py" line="33"/>
        <source>Escalated to %1 (on-call specialist) after waiting %2</source>
        <translation>ریفرل %2 کے انتظار کے بعد %1 (آن کال ماہر) کو بھیج دیا گیا</translation>
    </message>
    <message>
        <location filename="../referral/escalation.py" line="35"/>
        <source>Escalated to the programme coordinators after waiting %2</source>
        <translation>ریفرل %2 کے انتظار کے بعد پروگرام کوآرڈینیٹرز کو بھیج دیا گیا</translation>
    </message>
    <message>
        <location filename="../referral/escalation.py" line="58"/>
        <source>Not answered within its target time, so the hub passed it on:</source>
        <translation>مقررہ وقت میں جواب نہیں آیا، اس لیے ہب نے اسے آگے بھیج دیا:</translation>
    </message>
</context>
<context>
    <name>FollowUpField</name>
    <message>
        <location filename="../consultation/followup.py" line="23"/>
        <source>YYYY-MM-DD, or leave empty</source>
        <translation>YYYY-MM-DD، یا خالی چھوڑ دیں</translation>
    </message>
    <message>
        <location filename="../consultation/followup.py" line="29"/>
        <source>Follow-up date: a date from today on, as YYYY-MM-DD.</source>
        <translation>دوبارہ معائنے کی تاریخ: آج یا اس کے بعد کی تاریخ، YYYY-MM-DD کی شکل میں۔</translation>
    </message>
    <message>
        <location filename="../consultation/followup.py" line="30"/>
        <source>&amp;Follow-up visit</source>
        <translation>دوبارہ معائنہ</translation>
    </message>
    <message>
        <location filename="../consultation/followup.py" line="34"/>
        <source>in 3 days</source>
        <translation>3 دن میں</translation>
    </message>
    <message>
        <location filename="../consultation/followup.py" line="34"/>
        <source>in 1 week</source>
        <translation>1 ہفتے میں</translation>
    </message>
    <message>
        <location filename="../consultation/followup.py" line="34"/>
        <source>in 2 weeks</source>
        <translation>2 ہفتوں میں</translation>
    </message>
    <message>
        <location filename="../consultation/followup.py" line="35"/>
        <source>in 1 month</source>
        <translation>1 مہینے میں</translation>
    </message>
</context>
<context>
    <name>FollowUpPanel</name>
    <message>
        <location filename="../followups.py" line="67"/>
        <source>Follow-ups due</source>
        <translation>واپسی کے دورے</translation>
    </message>
    <message>
        <location filename="../followups.py" line="70"/>
        <source>Due</source>
        <translation>تاریخ</translation>
    </message>
    <message>
        <location filename="../followups.py" line="70"/>
        <source>Patient</source>
        <translation>مریض</translation>
    </message>
    <message>
        <location filename="../followups.py" line="70"/>
        <source>Phone to call</source>
        <translation>فون نمبر</translation>
    </message>
    <message>
        <location filename="../followups.py" line="71"/>
        <source>Last call</source>
        <translation>آخری کال</translation>
    </message>
    <message>
        <location filename="../followups.py" line="83"/>
        <source>For the chosen patient:</source>
        <translation>منتخب مریض کے لیے:</translation>
    </message>
    <message>
        <location filename="../followups.py" line="84"/>
        <source>Came</source>
        <translation>آ گیا</translation>
    </message>
    <message>
        <location filename="../followups.py" line="84"/>
        <source>Called, asked to come</source>
        <translation>فون کیا، آنے کو کہا</translation>
    </message>
    <message>
        <location filename="../followups.py" line="85"/>
        <source>Not reachable</source>
        <translation>رابطہ نہیں ہو سکا</translation>
    </message>
    <message>
        <location filename="../followups.py" line="106"/>
        <source>no phone number</source>
        <translation>فون نمبر نہیں</translation>
    </message>
    <message>
        <location filename="../followups.py" line="117"/>
        <source>Follow-ups due: %1</source>
        <translation>واپسی کے دورے: %1</translation>
    </message>
    <message>
        <location filename="../followups.py" line="118"/>
        <source>overdue: %1</source>
        <translation>تاخیر سے: %1</translation>
    </message>
</context>
<context>
    <name>FollowUps</name>
    <message>
        <location filename="../followups.py" line="31"/>
        <source>came</source>
        <translation>آ گیا</translation>
    </message>
    <message>
        <location filename="../followups.py" line="32"/>
        <source>called, asked to come</source>
        <translation>فون کیا، آنے کو کہا</translation>
    </message>
    <message>
        <location filename="../followups.py" line="33"/>
        <source>not reachable</source>
        <translation>رابطہ نہیں ہو سکا</translation>
    </message>
    <message>
        <location filename="../followups.py" line="39"/>
        <source>today</source>
        <translation>آج</translation>
    </message>
    <message>
        <location filename="../followups.py" line="41"/>
        <source>%1 (1 day late)</source>
        <translation>%1 (1 دن تاخیر)</translation>
    </message>
    <message>
        <location filename="../followups.py" line="42"/>
        <source>%1 (%2 days late)</source>
        <translation>%1 (%2 دن تاخیر)</translation>
    </message>
    <message>
        <location filename="../followups.py" line="48"/>
        <source>not called yet</source>
        <translation>ابھی فون نہیں کیا</translation>
    </message>
    <message>
        <location filename="../followups.py" line="54"/>
        <source>missed follow-up of %1</source>
        <translation>%1 کا واپسی کا دورہ چھوٹ گیا</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <location filename="../home.py" line="99"/>
        <source>registered, waiting to be seen</source>
        <translation>رجسٹرڈ، معائنے کا انتظار</translation>
    </message>
    <message>
        <location filename="../home.py" line="97"/>
        <source>draft, not signed yet</source>
        <translation>مسودہ، ابھی دستخط نہیں ہوئے</translation>
    </message>
    <message>
        <location filename="../home.py" line="98"/>
        <source>signed</source>
        <translation>دستخط شدہ</translation>
    </message>
    <message>
        <location filename="../home.py" line="151"/>
        <source>Today</source>
        <translation>آج</translation>
    </message>
    <message>
        <location filename="../home.py" line="152"/>
        <source>Register a patient</source>
        <translation>مریض کا اندراج کریں</translation>
    </message>
    <message>
        <location filename="../home.py" line="155"/>
        <source>Find a patient</source>
        <translation>مریض تلاش کریں</translation>
    </message>
    <message>
        <location filename="../home.py" line="157"/>
        <source>Learning</source>
        <translation>سیکھیں</translation>
    </message>
    <message>
        <location filename="../home.py" line="159"/>
        <source>Cases answered by specialists, to learn from (offline)</source>
        <translation>ماہرین کے جواب دیے ہوئے کیس، سیکھنے کے لیے (انٹرنیٹ کے بغیر بھی)</translation>
    </message>
    <message>
        <location filename="../home.py" line="188"/>
        <source>Answers from specialists, not yet read</source>
        <translation>ماہرین کے جوابات، جو ابھی پڑھے نہیں گئے</translation>
    </message>
    <message>
        <location filename="../home.py" line="189"/>
        <location filename="../home.py" line="193"/>
        <location filename="../home.py" line="200"/>
        <location filename="../home.py" line="203"/>
        <location filename="../home.py" line="207"/>
        <source>Patient</source>
        <translation>مریض</translation>
    </message>
    <message>
        <location filename="../home.py" line="189"/>
        <location filename="../home.py" line="193"/>
        <source>Specialist</source>
        <translation>ماہر ڈاکٹر</translation>
    </message>
    <message>
        <location filename="../home.py" line="189"/>
        <location filename="../home.py" line="207"/>
        <source>Specialty</source>
        <translation>شعبہ</translation>
    </message>
    <message>
        <location filename="../home.py" line="190"/>
        <source>Plan changed</source>
        <translation>منصوبہ بدلا</translation>
    </message>
    <message>
        <location filename="../home.py" line="192"/>
        <source>Upcoming video consults</source>
        <translation>آنے والی ویڈیو مشاورتیں</translation>
    </message>
    <message>
        <location filename="../home.py" line="193"/>
        <location filename="../home.py" line="200"/>
        <source>When</source>
        <translation>کب</translation>
    </message>
    <message>
        <location filename="../home.py" line="193"/>
        <source>Note</source>
        <translation>نوٹ</translation>
    </message>
    <message>
        <location filename="../home.py" line="196"/>
        <source>Cases on a case conference&apos;s agenda</source>
        <translation>کیس کانفرنس کے ایجنڈے پر کیس</translation>
    </message>
    <message>
        <location filename="../home.py" line="197"/>
        <source>Have the patient or the file ready at that time and join the video call when the case comes up.</source>
        <translation>اس وقت مریض یا فائل تیار رکھیں اور جب کیس کی باری آئے تو ویڈیو کال میں شامل ہوں۔</translation>
    </message>
    <message>
        <location filename="../home.py" line="200"/>
        <source>Case conference</source>
        <translation>کیس کانفرنس</translation>
    </message>
    <message>
        <location filename="../home.py" line="202"/>
        <source>Today&apos;s register</source>
        <translation>آج کا رجسٹر</translation>
    </message>
    <message>
        <location filename="../home.py" line="203"/>
        <source>Time</source>
        <translation>وقت</translation>
    </message>
    <message>
        <location filename="../home.py" line="203"/>
        <source>MRN</source>
        <translation>MRN</translation>
    </message>
    <message>
        <location filename="../home.py" line="203"/>
        <source>Complaint</source>
        <translation>شکایت</translation>
    </message>
    <message>
        <location filename="../home.py" line="204"/>
        <location filename="../home.py" line="207"/>
        <source>Status</source>
        <translation>کیفیت</translation>
    </message>
    <message>
        <location filename="../home.py" line="206"/>
        <source>Referrals waiting for an answer</source>
        <translation>جواب کے منتظر ریفرل</translation>
    </message>
    <message>
        <location filename="../home.py" line="207"/>
        <source>Urgency</source>
        <translation>فوریت</translation>
    </message>
    <message>
        <location filename="../home.py" line="265"/>
        <source>yes</source>
        <translation>ہاں</translation>
    </message>
    <message>
        <location filename="../home.py" line="265"/>
        <source>no</source>
        <translation>نہیں</translation>
    </message>
    <message numerus="yes">
        <location filename="../home.py" line="275"/>
        <source>Upcoming video consults: %n</source>
        <translation>
            <numerusform>آنے والی ویڈیو مشاورتیں: %n</numerusform>
            <numerusform>آنے والی ویڈیو مشاورتیں: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../home.py" line="281"/>
        <source>Answers from specialists waiting to be read: %n. Open each one, read it and mark it as read.</source>
        <translation>
            <numerusform>ماہرین کے جوابات جو پڑھے جانے کے منتظر ہیں: %n۔ ہر ایک کھولیں، پڑھیں اور پڑھا ہوا نشان زد کریں۔</numerusform>
            <numerusform>ماہرین کے جوابات جو پڑھے جانے کے منتظر ہیں: %n۔ ہر ایک کھولیں، پڑھیں اور پڑھا ہوا نشان زد کریں۔</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../home.py" line="283"/>
        <source>Today&apos;s register: %n</source>
        <translation>
            <numerusform>آج کا رجسٹر: %n</numerusform>
            <numerusform>آج کا رجسٹر: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../home.py" line="284"/>
        <source>Referrals waiting for an answer: %n</source>
        <translation>
            <numerusform>جواب کے منتظر ریفرل: %n</numerusform>
            <numerusform>جواب کے منتظر ریفرل: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../home.py" line="294"/>
        <source>Cases on a case conference&apos;s agenda: %n</source>
        <translation>
            <numerusform>کیس کانفرنس کے ایجنڈے پر کیس: %n</numerusform>
            <numerusform>کیس کانفرنس کے ایجنڈے پر کیس: %n</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../home.py" line="247"/>
        <source>Today&apos;s lists could not be brought up to date: %1</source>
        <translation>آج کی فہرستیں تازہ نہ ہو سکیں: %1</translation>
    </message>
</context>
<context>
    <name>HubPage</name>
    <message>
        <location filename="../wizard.py" line="271"/>
        <source>Connect to the hub (optional)</source>
        <translation>حب سے جڑیں (اختیاری)</translation>
    </message>
    <message>
        <location filename="../wizard.py" line="273"/>
        <source>Type the hub&apos;s address and the one-time code from the hub&apos;s administrator. You can leave both empty: the station works without a connection and can be connected later in Settings.</source>
        <translation>حب کا پتہ اور حب کے منتظم سے ملا ہوا ایک بار کا کوڈ لکھیں۔ آپ دونوں خالی بھی چھوڑ سکتے ہیں: اسٹیشن کنکشن کے بغیر کام کرتا ہے اور بعد میں ترتیبات سے جوڑا جا سکتا ہے۔</translation>
    </message>
    <message>
        <location filename="../wizard.py" line="275"/>
        <source>Hub address</source>
        <translation>حب کا پتہ</translation>
    </message>
    <message>
        <location filename="../wizard.py" line="276"/>
        <source>Enrollment code</source>
        <translation>اندراج کا کوڈ</translation>
    </message>
    <message>
        <location filename="../wizard.py" line="284"/>
        <source>Hub address: it starts with https:// (for example https://hub.example.org).</source>
        <translation>حب کا پتہ: یہ https:// سے شروع ہوتا ہے (مثلاً https://hub.example.org)۔</translation>
    </message>
    <message>
        <location filename="../wizard.py" line="287"/>
        <source>Enrollment code: type the code the hub&apos;s administrator gave you, or empty the hub address to connect later.</source>
        <translation>اندراج کا کوڈ: حب کے منتظم کا دیا ہوا کوڈ لکھیں، یا بعد میں جڑنے کے لیے حب کا پتہ خالی کر دیں۔</translation>
    </message>
</context>
<context>
    <name>LearningPage</name>
    <message>
        <location filename="../learning.py" line="46"/>
        <source>age not recorded</source>
        <translation>عمر درج نہیں</translation>
    </message>
    <message>
        <location filename="../learning.py" line="50"/>
        <source>1 month old</source>
        <translation>1 ماہ</translation>
    </message>
    <message>
        <location filename="../learning.py" line="51"/>
        <source>%1 months old</source>
        <translation>%1 ماہ</translation>
    </message>
    <message>
        <location filename="../learning.py" line="54"/>
        <source>%1 years %2 months old</source>
        <translation>%1 سال %2 ماہ</translation>
    </message>
    <message>
        <location filename="../learning.py" line="57"/>
        <source>about %1 years old</source>
        <translation>تقریباً %1 سال</translation>
    </message>
    <message>
        <location filename="../learning.py" line="59"/>
        <source>1 year old</source>
        <translation>1 سال</translation>
    </message>
    <message>
        <location filename="../learning.py" line="60"/>
        <source>%1 years old</source>
        <translation>%1 سال</translation>
    </message>
    <message>
        <location filename="../learning.py" line="65"/>
        <source>girl or woman</source>
        <translation>لڑکی یا خاتون</translation>
    </message>
    <message>
        <location filename="../learning.py" line="67"/>
        <source>boy or man</source>
        <translation>لڑکا یا مرد</translation>
    </message>
    <message>
        <location filename="../learning.py" line="69"/>
        <source>other</source>
        <translation>دیگر</translation>
    </message>
    <message>
        <location filename="../learning.py" line="70"/>
        <source>sex not recorded</source>
        <translation>جنس درج نہیں</translation>
    </message>
    <message>
        <location filename="../learning.py" line="106"/>
        <source>Learning from specialists&apos; answers</source>
        <translation>ماہرین کے جوابات سے سیکھیں</translation>
    </message>
    <message>
        <location filename="../learning.py" line="107"/>
        <source>Back to Home</source>
        <translation>مرکزی صفحے پر واپس</translation>
    </message>
    <message>
        <location filename="../learning.py" line="111"/>
        <source>Real cases answered by specialists, shared without the patients&apos; names or other identifiers. They are kept on this computer: you can read them offline.</source>
        <translation>ماہرین کے جواب دیے ہوئے اصل کیس، مریضوں کے نام اور دوسری شناخت کے بغیر۔ یہ اسی کمپیوٹر پر محفوظ ہیں: آپ انہیں انٹرنیٹ کے بغیر بھی پڑھ سکتے ہیں۔</translation>
    </message>
    <message>
        <location filename="../learning.py" line="117"/>
        <source>Search: illness, ICD-10 code, medicine, specialty…</source>
        <translation>تلاش کریں: بیماری، ICD-10 کوڈ، دوا، شعبہ…</translation>
    </message>
    <message>
        <location filename="../learning.py" line="167"/>
        <source>The library could not be read: %1</source>
        <translation>کیسوں کی لائبریری پڑھی نہیں جا سکی: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../learning.py" line="183"/>
        <source>Cases matching the search: %n</source>
        <translation>
            <numerusform>تلاش سے ملنے والے کیس: %n</numerusform>
            <numerusform>تلاش سے ملنے والے کیس: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../learning.py" line="185"/>
        <source>Teaching cases on this computer: %n</source>
        <translation>
            <numerusform>اس کمپیوٹر پر تعلیمی کیس: %n</numerusform>
            <numerusform>اس کمپیوٹر پر تعلیمی کیس: %n</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../learning.py" line="196"/>
        <source>No teaching case matches. Try fewer or other words.</source>
        <translation>کوئی تعلیمی کیس نہیں ملا۔ کم یا دوسرے الفاظ سے تلاش کریں۔</translation>
    </message>
    <message>
        <location filename="../learning.py" line="197"/>
        <source>No teaching cases yet. They arrive with the next sync once specialists share them.</source>
        <translation>ابھی کوئی تعلیمی کیس نہیں۔ ماہرین کے شیئر کرنے کے بعد یہ اگلی ہم آہنگی کے ساتھ آئیں گے۔</translation>
    </message>
    <message>
        <location filename="../learning.py" line="206"/>
        <source>%1 district</source>
        <translation>ضلع %1</translation>
    </message>
    <message>
        <location filename="../learning.py" line="210"/>
        <source>Diagnosis: %1</source>
        <translation>تشخیص: %1</translation>
    </message>
    <message>
        <location filename="../learning.py" line="212"/>
        <source>Learning point</source>
        <translation>سیکھنے کی بات</translation>
    </message>
    <message>
        <location filename="../learning.py" line="213"/>
        <source>The health worker&apos;s question</source>
        <translation>ہیلتھ ورکر کا سوال</translation>
    </message>
    <message>
        <location filename="../learning.py" line="214"/>
        <source>Clinical notes</source>
        <translation>طبی نوٹس</translation>
    </message>
    <message>
        <location filename="../learning.py" line="215"/>
        <source>Specialist&apos;s assessment</source>
        <translation>ماہر ڈاکٹر کا جائزہ</translation>
    </message>
    <message>
        <location filename="../learning.py" line="216"/>
        <source>Recommendations</source>
        <translation>سفارشات</translation>
    </message>
    <message>
        <location filename="../learning.py" line="217"/>
        <source>What changed in the plan</source>
        <translation>علاج کے منصوبے میں کیا بدلا</translation>
    </message>
    <message>
        <location filename="../learning.py" line="218"/>
        <source>Follow-up</source>
        <translation>دوبارہ معائنہ</translation>
    </message>
    <message>
        <location filename="../learning.py" line="228"/>
        <source>Advice by %1</source>
        <translation>%1 کا مشورہ</translation>
    </message>
    <message>
        <location filename="../learning.py" line="230"/>
        <source>shared on %1</source>
        <translation>شیئر کیا گیا: %1</translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <location filename="../login.py" line="55"/>
        <location filename="../login.py" line="86"/>
        <location filename="../login.py" line="156"/>
        <location filename="../login.py" line="175"/>
        <source>Sign in</source>
        <translation>سائن اِن</translation>
    </message>
    <message>
        <location filename="../login.py" line="81"/>
        <source>Username</source>
        <translation>صارف نام</translation>
    </message>
    <message>
        <location filename="../login.py" line="82"/>
        <source>Password or PIN</source>
        <translation>پاس ورڈ یا PIN</translation>
    </message>
    <message>
        <location filename="../login.py" line="135"/>
        <source>Station locked</source>
        <translation>اسٹیشن مقفل ہے</translation>
    </message>
    <message>
        <location filename="../login.py" line="140"/>
        <source>Username: type the name you sign in with.</source>
        <translation>صارف نام: وہ نام لکھیں جس سے آپ سائن اِن کرتے ہیں۔</translation>
    </message>
    <message>
        <location filename="../login.py" line="144"/>
        <source>Password: type your password or PIN.</source>
        <translation>پاس ورڈ: اپنا پاس ورڈ یا PIN لکھیں۔</translation>
    </message>
    <message>
        <location filename="../login.py" line="148"/>
        <source>Signing in…</source>
        <translation>سائن اِن ہو رہا ہے…</translation>
    </message>
    <message>
        <location filename="../login.py" line="164"/>
        <source>That username and password do not match. Check them and try again.</source>
        <translation>یہ صارف نام اور پاس ورڈ آپس میں نہیں ملتے۔ دونوں دیکھ کر دوبارہ کوشش کریں۔</translation>
    </message>
    <message>
        <location filename="../login.py" line="166"/>
        <source>Too many wrong tries. Wait %1 seconds, then try again.</source>
        <translation>بہت زیادہ غلط کوششیں۔ %1 سیکنڈ انتظار کریں، پھر دوبارہ کوشش کریں۔</translation>
    </message>
    <message>
        <location filename="../login.py" line="69"/>
        <source>Language</source>
        <translation>زبان</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="105"/>
        <source>&amp;Help</source>
        <translation>&amp;مدد</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="106"/>
        <source>Check this station…</source>
        <translation>اس اسٹیشن کی جانچ…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="92"/>
        <source>Telemedicine station</source>
        <translation>ٹیلی میڈیسن اسٹیشن</translation>
    </message>
</context>
<context>
    <name>Navigation</name>
    <message>
        <location filename="../conflicts.py" line="188"/>
        <source>Changes to settle</source>
        <translation>طے کرنے والی تبدیلیاں</translation>
    </message>
    <message>
        <location filename="../admin/__init__.py" line="51"/>
        <source>Administration</source>
        <translation>انتظامیہ</translation>
    </message>
    <message>
        <location filename="../home.py" line="309"/>
        <source>Home</source>
        <translation>مرکزی صفحہ</translation>
    </message>
    <message>
        <location filename="../consultation/__init__.py" line="25"/>
        <source>Consultation</source>
        <translation>معائنہ</translation>
    </message>
    <message>
        <location filename="../patients/__init__.py" line="36"/>
        <source>Patients</source>
        <translation>مریض</translation>
    </message>
    <message>
        <location filename="../patients/__init__.py" line="38"/>
        <source>Register a patient</source>
        <translation>مریض کا اندراج کریں</translation>
    </message>
    <message>
        <location filename="../patients/__init__.py" line="40"/>
        <source>Patient chart</source>
        <translation>مریض کا چارٹ</translation>
    </message>
    <message>
        <location filename="../referral/__init__.py" line="45"/>
        <source>Referrals</source>
        <translation>ریفرل</translation>
    </message>
    <message>
        <location filename="../referral/__init__.py" line="47"/>
        <source>Refer to a specialist</source>
        <translation>ماہر ڈاکٹر کو ریفر کریں</translation>
    </message>
    <message>
        <location filename="../referral/__init__.py" line="49"/>
        <source>Referral</source>
        <translation>ریفرل</translation>
    </message>
    <message>
        <location filename="../learning.py" line="240"/>
        <source>Learning</source>
        <translation>سیکھیں</translation>
    </message>
</context>
<context>
    <name>PatientChartPage</name>
    <message>
        <location filename="../patients/chart.py" line="256"/>
        <source>Phone the patient, or record the outcome under Follow-ups due on the home page.</source>
        <translation>مریض کو فون کریں، یا ہوم صفحے پر واپسی کے دوروں میں نتیجہ درج کریں۔</translation>
    </message>
    <message>
        <location filename="../patients/chart.py" line="95"/>
        <source>&amp;New consultation</source>
        <translation>نیا معائنہ</translation>
    </message>
    <message>
        <location filename="../patients/chart.py" line="99"/>
        <source>&amp;Edit details</source>
        <translation>تفصیلات میں ترمیم</translation>
    </message>
    <message>
        <location filename="../patients/chart.py" line="103"/>
        <source>Refer to a &amp;specialist</source>
        <translation>ماہر ڈاکٹر کو ریفر کریں</translation>
    </message>
    <message>
        <location filename="../patients/chart.py" line="107"/>
        <source>E&amp;xport record (FHIR)</source>
        <translation>ریکارڈ برآمد کریں (FHIR)</translation>
    </message>
    <message>
        <location filename="../patients/chart.py" line="109"/>
        <source>Save this patient&apos;s whole record as a FHIR R4 file, for another clinic or hospital system.</source>
        <translation>اس مریض کا پورا ریکارڈ FHIR R4 فائل کے طور پر محفوظ کریں، کسی دوسرے مرکز صحت یا ہسپتال کے نظام کے لیے۔</translation>
    </message>
    <message>
        <location filename="../patients/chart.py" line="151"/>
        <source>No consultations or referrals yet.</source>
        <translation>ابھی کوئی معائنہ یا ریفرل نہیں۔</translation>
    </message>
    <message>
        <location filename="../patients/chart.py" line="155"/>
        <source>Timeline</source>
        <translation>ترتیبِ واقعات</translation>
    </message>
    <message>
        <location filename="../patients/chart.py" line="164"/>
        <source>No vital signs recorded yet.</source>
        <translation>ابھی کوئی اہم علامات درج نہیں ہوئیں۔</translation>
    </message>
    <message>
        <location filename="../patients/chart.py" line="178"/>
        <source>Vital signs over time</source>
        <translation>وقت کے ساتھ اہم علامات</translation>
    </message>
    <message>
        <location filename="../patients/chart.py" line="214"/>
        <source>Export the patient&apos;s record</source>
        <translation>مریض کا ریکارڈ برآمد کریں</translation>
    </message>
    <message>
        <location filename="../patients/chart.py" line="215"/>
        <source>FHIR JSON (*.json)</source>
        <translation>FHIR JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../patients/chart.py" line="223"/>
        <source>Saved the record (%1 FHIR resources) to %2.</source>
        <translation>ریکارڈ (%1 FHIR وسائل) %2 میں محفوظ ہو گیا۔</translation>
    </message>
    <message>
        <location filename="../patients/chart.py" line="242"/>
        <source>MRN %1</source>
        <translation>MRN %1</translation>
    </message>
    <message>
        <location filename="../patients/chart.py" line="247"/>
        <source>CNIC %1</source>
        <translation>شناختی کارڈ %1</translation>
    </message>
    <message>
        <location filename="../patients/chart.py" line="249"/>
        <source>Phone %1</source>
        <translation>فون %1</translation>
    </message>
    <message>
        <location filename="../patients/chart.py" line="272"/>
        <source>signed</source>
        <translation>دستخط شدہ</translation>
    </message>
    <message>
        <location filename="../patients/chart.py" line="272"/>
        <source>draft, not signed yet</source>
        <translation>مسودہ، ابھی دستخط نہیں ہوئے</translation>
    </message>
    <message>
        <location filename="../patients/chart.py" line="273"/>
        <source>Consultation (%1)</source>
        <translation>معائنہ (%1)</translation>
    </message>
    <message>
        <location filename="../patients/chart.py" line="275"/>
        <source>correction</source>
        <translation>تصحیح</translation>
    </message>
    <message>
        <location filename="../patients/chart.py" line="278"/>
        <source>Complaint: %1</source>
        <translation>شکایت: %1</translation>
    </message>
    <message>
        <location filename="../patients/chart.py" line="282"/>
        <source>Follow-up: %1</source>
        <translation>دوبارہ معائنہ: %1</translation>
    </message>
    <message>
        <location filename="../patients/chart.py" line="288"/>
        <source>Referral to %1 — %2</source>
        <translation>%1 کو ریفرل — %2</translation>
    </message>
    <message>
        <location filename="../patients/chart.py" line="293"/>
        <source>Advice has arrived and is not read yet.</source>
        <translation>مشورہ آ گیا ہے اور ابھی پڑھا نہیں گیا۔</translation>
    </message>
    <message>
        <location filename="../patients/chart.py" line="299"/>
        <source>Video consult with the specialist (%1)</source>
        <translation>ماہر ڈاکٹر سے ویڈیو مشاورت (%1)</translation>
    </message>
    <message>
        <location filename="../patients/chart.py" line="305"/>
        <source>Voice note from the specialist</source>
        <translation>ماہر ڈاکٹر کا صوتی پیغام</translation>
    </message>
    <message>
        <location filename="../patients/chart.py" line="306"/>
        <source>Voice note from this clinic</source>
        <translation>اس مرکز کا صوتی پیغام</translation>
    </message>
    <message>
        <location filename="../patients/chart.py" line="311"/>
        <source>Referral to %1</source>
        <translation>%1 کو ریفرل</translation>
    </message>
    <message>
        <location filename="../patients/chart.py" line="313"/>
        <source>It arrives with the next sync.</source>
        <translation>یہ اگلی مطابقت کے ساتھ پہنچے گا۔</translation>
    </message>
    <message>
        <location filename="../patients/chart.py" line="329"/>
        <source>Blood pressure</source>
        <translation>بلڈ پریشر</translation>
    </message>
    <message>
        <location filename="../patients/chart.py" line="329"/>
        <source>Heart rate</source>
        <translation>نبض</translation>
    </message>
    <message>
        <location filename="../patients/chart.py" line="330"/>
        <source>Respiratory rate</source>
        <translation>سانس کی رفتار</translation>
    </message>
    <message>
        <location filename="../patients/chart.py" line="330"/>
        <source>Temperature</source>
        <translation>درجہ حرارت</translation>
    </message>
    <message>
        <location filename="../patients/chart.py" line="331"/>
        <source>Oxygen saturation (SpO₂)</source>
        <translation>خون میں آکسیجن (SpO₂)</translation>
    </message>
    <message>
        <location filename="../patients/chart.py" line="331"/>
        <source>Weight</source>
        <translation>وزن</translation>
    </message>
    <message>
        <location filename="../patients/chart.py" line="332"/>
        <source>Mid-upper arm circumference (MUAC)</source>
        <translation>بازو کا درمیانی گھیر (MUAC)</translation>
    </message>
    <message>
        <location filename="../patients/chart.py" line="332"/>
        <source>Height</source>
        <translation>قد</translation>
    </message>
</context>
<context>
    <name>PatientDisplay</name>
    <message>
        <location filename="../patients/display.py" line="18"/>
        <source>female</source>
        <translation>عورت</translation>
    </message>
    <message>
        <location filename="../patients/display.py" line="19"/>
        <source>male</source>
        <translation>مرد</translation>
    </message>
    <message>
        <location filename="../patients/display.py" line="20"/>
        <source>other</source>
        <translation>دیگر</translation>
    </message>
    <message>
        <location filename="../patients/display.py" line="28"/>
        <location filename="../referral/words.py" line="113"/>
        <source>age unknown</source>
        <translation>عمر معلوم نہیں</translation>
    </message>
    <message>
        <location filename="../patients/display.py" line="32"/>
        <source>1 month</source>
        <translation>1 مہینہ</translation>
    </message>
    <message>
        <location filename="../patients/display.py" line="33"/>
        <source>%1 months</source>
        <translation>%1 مہینے</translation>
    </message>
    <message>
        <location filename="../patients/display.py" line="37"/>
        <source>%1 years 1 month</source>
        <translation>%1 سال 1 مہینہ</translation>
    </message>
    <message>
        <location filename="../patients/display.py" line="39"/>
        <source>%1 years %2 months</source>
        <translation>%1 سال %2 مہینے</translation>
    </message>
    <message>
        <location filename="../patients/display.py" line="43"/>
        <source>1 year</source>
        <translation>1 سال</translation>
    </message>
    <message>
        <location filename="../patients/display.py" line="44"/>
        <location filename="../referral/words.py" line="114"/>
        <source>%1 years</source>
        <translation>%1 سال</translation>
    </message>
    <message>
        <location filename="../patients/display.py" line="45"/>
        <source>about %1 years</source>
        <translation>تقریباً %1 سال</translation>
    </message>
    <message>
        <location filename="../patients/display.py" line="66"/>
        <source>wife of %1</source>
        <translation>زوجہ %1</translation>
    </message>
    <message>
        <location filename="../patients/display.py" line="68"/>
        <source>son of %1</source>
        <translation>ولد %1</translation>
    </message>
    <message>
        <location filename="../patients/display.py" line="69"/>
        <source>daughter of %1</source>
        <translation>دختر %1</translation>
    </message>
    <message>
        <location filename="../patients/display.py" line="70"/>
        <source>child of %1</source>
        <translation>اولاد %1</translation>
    </message>
    <message>
        <location filename="../patients/display.py" line="72"/>
        <source>father or husband: %1</source>
        <translation>والد یا شوہر: %1</translation>
    </message>
    <message>
        <location filename="../patients/display.py" line="78"/>
        <source>%1, %2 · %3 · %4 · %5 · MRN %6</source>
        <translation>%1، %2 · %3 · %4 · %5 · MRN %6</translation>
    </message>
</context>
<context>
    <name>PatientSearchPage</name>
    <message>
        <location filename="../patients/search.py" line="53"/>
        <source>Find a patient</source>
        <translation>مریض تلاش کریں</translation>
    </message>
    <message>
        <location filename="../patients/search.py" line="54"/>
        <source>Name, MRN, CNIC or phone number</source>
        <translation>نام، MRN، شناختی کارڈ یا فون نمبر</translation>
    </message>
    <message>
        <location filename="../patients/search.py" line="55"/>
        <source>Search patients</source>
        <translation>مریض تلاش کریں</translation>
    </message>
    <message>
        <location filename="../patients/search.py" line="59"/>
        <source>&amp;Register new patient</source>
        <translation>نئے مریض کا اندراج</translation>
    </message>
    <message>
        <location filename="../patients/search.py" line="71"/>
        <source>MRN</source>
        <translation>MRN</translation>
    </message>
    <message>
        <location filename="../patients/search.py" line="71"/>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <location filename="../patients/search.py" line="71"/>
        <source>Father&apos;s or husband&apos;s name</source>
        <translation>والد یا شوہر کا نام</translation>
    </message>
    <message>
        <location filename="../patients/search.py" line="71"/>
        <source>Age</source>
        <translation>عمر</translation>
    </message>
    <message>
        <location filename="../patients/search.py" line="72"/>
        <source>Sex</source>
        <translation>جنس</translation>
    </message>
    <message>
        <location filename="../patients/search.py" line="72"/>
        <source>Village</source>
        <translation>گاؤں</translation>
    </message>
    <message>
        <location filename="../patients/search.py" line="72"/>
        <source>Phone</source>
        <translation>فون</translation>
    </message>
    <message>
        <location filename="../patients/search.py" line="164"/>
        <source>Patients seen or registered most recently. Type to search.</source>
        <translation>حال ہی میں دیکھے یا درج کیے گئے مریض۔ تلاش کے لیے لکھیں۔</translation>
    </message>
    <message>
        <location filename="../patients/search.py" line="166"/>
        <source>Patients found: %1. Press Enter to open the first, or the Down arrow to choose.</source>
        <translation>ملنے والے مریض: %1۔ پہلا کھولنے کے لیے Enter دبائیں، یا چننے کے لیے نیچے کا تیر۔</translation>
    </message>
    <message>
        <location filename="../patients/search.py" line="169"/>
        <source>No patient found for “%1”. Check the spelling, try the father&apos;s name or the phone number, or register a new patient.</source>
        <translation>“%1” کے لیے کوئی مریض نہیں ملا۔ ہجے دیکھیں، والد کا نام یا فون نمبر آزمائیں، یا نئے مریض کا اندراج کریں۔</translation>
    </message>
    <message>
        <location filename="../patients/search.py" line="193"/>
        <source>Missed follow-ups could not be marked: %1</source>
        <translation>چھوٹ جانے والے واپسی کے دوروں کی نشاندہی نہ ہو سکی: %1</translation>
    </message>
</context>
<context>
    <name>PrescriptionList</name>
    <message>
        <location filename="../consultation/pickers.py" line="327"/>
        <source>Add a medicine: type its name, e.g. amoxicillin</source>
        <translation>دوا شامل کریں: اس کا نام لکھیں، مثلاً amoxicillin</translation>
    </message>
    <message>
        <location filename="../consultation/pickers.py" line="329"/>
        <source>No medicine on the essential medicines list matches. Check the spelling or use the generic name.</source>
        <translation>ضروری ادویات کی فہرست میں کوئی دوا نہیں ملی۔ ہجے دیکھیں یا عمومی (جنرک) نام استعمال کریں۔</translation>
    </message>
</context>
<context>
    <name>PrescriptionRow</name>
    <message>
        <location filename="../consultation/pickers.py" line="251"/>
        <source>Usual adult dose: %1</source>
        <translation>بالغ کی عام خوراک: %1</translation>
    </message>
    <message>
        <location filename="../consultation/pickers.py" line="257"/>
        <source>dose, e.g. 1 tablet</source>
        <translation>خوراک، مثلاً 1 گولی</translation>
    </message>
    <message>
        <location filename="../consultation/pickers.py" line="269"/>
        <source> days</source>
        <translation> دن</translation>
    </message>
    <message>
        <location filename="../consultation/pickers.py" line="271"/>
        <source>notes, e.g. after food</source>
        <translation>نوٹ، مثلاً کھانے کے بعد</translation>
    </message>
    <message>
        <location filename="../consultation/pickers.py" line="273"/>
        <source>Remove</source>
        <translation>ہٹائیں</translation>
    </message>
    <message>
        <location filename="../consultation/pickers.py" line="301"/>
        <source>This medicine</source>
        <translation>یہ دوا</translation>
    </message>
    <message>
        <location filename="../consultation/pickers.py" line="303"/>
        <source>Enter the dose (e.g. 1 tablet), how often, and 1 to 365 days.</source>
        <translation>خوراک (مثلاً 1 گولی)، کتنی بار، اور 1 سے 365 دن لکھیں۔</translation>
    </message>
    <message>
        <location filename="../consultation/pickers.py" line="252"/>
        <source>Children: %1</source>
        <translation>بچوں کے لیے: %1</translation>
    </message>
</context>
<context>
    <name>Prescriptions</name>
    <message>
        <location filename="../consultation/pickers.py" line="207"/>
        <source>once only</source>
        <translation>صرف ایک بار</translation>
    </message>
    <message>
        <location filename="../consultation/pickers.py" line="208"/>
        <source>once a day (OD)</source>
        <translation>دن میں ایک بار (OD)</translation>
    </message>
    <message>
        <location filename="../consultation/pickers.py" line="209"/>
        <source>twice a day (BD)</source>
        <translation>دن میں دو بار (BD)</translation>
    </message>
    <message>
        <location filename="../consultation/pickers.py" line="210"/>
        <source>3 times a day (TDS)</source>
        <translation>دن میں 3 بار (TDS)</translation>
    </message>
    <message>
        <location filename="../consultation/pickers.py" line="211"/>
        <source>4 times a day (QID)</source>
        <translation>دن میں 4 بار (QID)</translation>
    </message>
    <message>
        <location filename="../consultation/pickers.py" line="212"/>
        <source>every 4 hours</source>
        <translation>ہر 4 گھنٹے</translation>
    </message>
    <message>
        <location filename="../consultation/pickers.py" line="213"/>
        <source>every 6 hours</source>
        <translation>ہر 6 گھنٹے</translation>
    </message>
    <message>
        <location filename="../consultation/pickers.py" line="214"/>
        <source>every 8 hours</source>
        <translation>ہر 8 گھنٹے</translation>
    </message>
    <message>
        <location filename="../consultation/pickers.py" line="215"/>
        <source>at night</source>
        <translation>رات کو</translation>
    </message>
    <message>
        <location filename="../consultation/pickers.py" line="216"/>
        <source>as needed</source>
        <translation>ضرورت کے مطابق</translation>
    </message>
    <message>
        <location filename="../consultation/pickers.py" line="217"/>
        <source>once a week</source>
        <translation>ہفتے میں ایک بار</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <location filename="../qt_strings.py" line="51"/>
        <source>&amp;Delete</source>
        <translation>حذف کریں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="52"/>
        <source>&amp;Look in:</source>
        <translation>یہاں دیکھیں:</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="53"/>
        <source>&amp;New Folder</source>
        <translation>نیا فولڈر</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="54"/>
        <source>&amp;Open</source>
        <translation>کھولیں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="55"/>
        <source>&amp;Rename</source>
        <translation>نام بدلیں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="56"/>
        <source>&amp;Save</source>
        <translation>محفوظ کریں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="57"/>
        <source>All Files (*)</source>
        <translation>تمام فائلیں (*)</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="58"/>
        <source>Back</source>
        <translation>پیچھے</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="59"/>
        <source>Change to detail view mode</source>
        <translation>تفصیلی فہرست دکھائیں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="60"/>
        <source>Change to list view mode</source>
        <translation>سادہ فہرست دکھائیں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="61"/>
        <source>Create New Folder</source>
        <translation>نیا فولڈر بنائیں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="62"/>
        <source>Create a New Folder</source>
        <translation>نیا فولڈر بنائیں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="63"/>
        <source>Detail View</source>
        <translation>تفصیلی فہرست</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="64"/>
        <source>File &amp;name:</source>
        <translation>فائل کا نام:</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="65"/>
        <source>Files</source>
        <translation>فائلیں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="66"/>
        <source>Files of &amp;type:</source>
        <translation>فائل کی قسم:</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="67"/>
        <source>Forward</source>
        <translation>آگے</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="68"/>
        <source>Go back</source>
        <translation>پیچھے جائیں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="69"/>
        <source>Go forward</source>
        <translation>آگے جائیں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="70"/>
        <source>Go to the parent directory</source>
        <translation>اوپر والے فولڈر میں جائیں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="71"/>
        <source>List View</source>
        <translation>سادہ فہرست</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="72"/>
        <source>List of places and bookmarks</source>
        <translation>جگہوں اور نشانیوں کی فہرست</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="73"/>
        <source>Parent Directory</source>
        <translation>اوپر والا فولڈر</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="74"/>
        <source>Show &amp;hidden files</source>
        <translation>چھپی ہوئی فائلیں دکھائیں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="75"/>
        <source>Sidebar</source>
        <translation>سائیڈ بار</translation>
    </message>
</context>
<context>
    <name>QFileSystemModel</name>
    <message>
        <location filename="../qt_strings.py" line="76"/>
        <source>Computer</source>
        <translation>کمپیوٹر</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="77"/>
        <source>Date Modified</source>
        <translation>تبدیلی کی تاریخ</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="78"/>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="79"/>
        <source>Size</source>
        <translation>سائز</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="80"/>
        <source>Type</source>
        <comment>All other platforms</comment>
        <translation>قسم</translation>
    </message>
</context>
<context>
    <name>QLineEdit</name>
    <message>
        <location filename="../qt_strings.py" line="33"/>
        <source>&amp;Undo</source>
        <translation>واپس لیں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="34"/>
        <source>&amp;Redo</source>
        <translation>دوبارہ کریں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="35"/>
        <source>Cu&amp;t</source>
        <translation>کاٹیں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="36"/>
        <source>&amp;Copy</source>
        <translation>نقل کریں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="37"/>
        <source>&amp;Paste</source>
        <translation>چسپاں کریں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="38"/>
        <source>Delete</source>
        <translation>مٹائیں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="39"/>
        <source>Select All</source>
        <translation>سب منتخب کریں</translation>
    </message>
</context>
<context>
    <name>QMessageBox</name>
    <message>
        <location filename="../qt_strings.py" line="48"/>
        <source>Show Details...</source>
        <translation>تفصیل دکھائیں…</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="49"/>
        <source>Hide Details...</source>
        <translation>تفصیل چھپائیں…</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <location filename="../qt_strings.py" line="13"/>
        <source>OK</source>
        <translation>ٹھیک ہے</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="14"/>
        <source>Cancel</source>
        <translation>منسوخ کریں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="15"/>
        <source>&amp;Yes</source>
        <translation>ہاں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="16"/>
        <source>&amp;No</source>
        <translation>نہیں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="17"/>
        <source>Save</source>
        <translation>محفوظ کریں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="18"/>
        <source>&amp;Save</source>
        <translation>محفوظ کریں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="19"/>
        <source>Close</source>
        <translation>بند کریں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="20"/>
        <source>Apply</source>
        <translation>لاگو کریں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="21"/>
        <source>Discard</source>
        <translation>رد کریں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="22"/>
        <source>Open</source>
        <translation>کھولیں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="23"/>
        <source>Help</source>
        <translation>مدد</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="24"/>
        <source>Reset</source>
        <translation>پہلے جیسا کریں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="25"/>
        <source>Yes to &amp;All</source>
        <translation>سب کے لیے ہاں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="26"/>
        <source>N&amp;o to All</source>
        <translation>سب کے لیے نہیں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="27"/>
        <source>Abort</source>
        <translation>روک دیں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="28"/>
        <source>Retry</source>
        <translation>دوبارہ کوشش</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="29"/>
        <source>Ignore</source>
        <translation>نظر انداز کریں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="30"/>
        <source>Restore Defaults</source>
        <translation>اصل ترتیبات بحال کریں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="31"/>
        <source>Don&apos;t Save</source>
        <translation>محفوظ نہ کریں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="32"/>
        <source>Save All</source>
        <translation>سب محفوظ کریں</translation>
    </message>
</context>
<context>
    <name>QPrintDialog</name>
    <message>
        <location filename="../qt_strings.py" line="81"/>
        <source>&amp;Options &gt;&gt;</source>
        <translation>اختیارات &gt;&gt;</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="82"/>
        <source>&amp;Print</source>
        <translation>پرنٹ کریں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="83"/>
        <source>All Pages</source>
        <translation>تمام صفحات</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="84"/>
        <source>Even Pages</source>
        <translation>جفت صفحات</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="85"/>
        <source>Local file</source>
        <translation>کمپیوٹر پر فائل</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="86"/>
        <source>Odd Pages</source>
        <translation>طاق صفحات</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="87"/>
        <source>Print</source>
        <translation>پرنٹ</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="88"/>
        <source>Print to File (PDF)</source>
        <translation>فائل میں پرنٹ کریں (PDF)</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="89"/>
        <source>Write PDF file</source>
        <translation>PDF فائل لکھیں</translation>
    </message>
</context>
<context>
    <name>QPrintSettingsOutput</name>
    <message>
        <location filename="../qt_strings.py" line="90"/>
        <source>Collate</source>
        <translation>ترتیب سے</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="91"/>
        <source>Color</source>
        <translation>رنگین</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="92"/>
        <source>Color Mode</source>
        <translation>رنگ</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="93"/>
        <source>Copies</source>
        <translation>نقلیں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="94"/>
        <source>Copies:</source>
        <translation>نقلیں:</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="95"/>
        <source>Current Page</source>
        <translation>موجودہ صفحہ</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="96"/>
        <source>Double Sided Printing</source>
        <translation>دونوں طرف چھپائی</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="97"/>
        <source>Grayscale</source>
        <translation>سیاہ و سفید</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="98"/>
        <source>Long side binding</source>
        <translation>لمبی طرف سے جلد</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="99"/>
        <source>Off</source>
        <translation>بند</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="100"/>
        <source>Options</source>
        <translation>اختیارات</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="101"/>
        <source>Output Settings</source>
        <translation>چھپائی کی ترتیبات</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="102"/>
        <source>Page &amp;Set:</source>
        <translation>صفحات:</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="103"/>
        <source>Pages</source>
        <translation>صفحات</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="104"/>
        <source>Pages from</source>
        <translation>صفحات، سے</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="105"/>
        <source>Print all</source>
        <translation>سب پرنٹ کریں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="106"/>
        <source>Print range</source>
        <translation>کون سے صفحات</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="107"/>
        <source>Reverse</source>
        <translation>الٹی ترتیب</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="108"/>
        <source>Selection</source>
        <translation>منتخب حصہ</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="109"/>
        <source>Short side binding</source>
        <translation>چھوٹی طرف سے جلد</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="110"/>
        <source>Specify pages or ranges separated by commas. Ranges are specified by two numbers separated by a hyphen. E.g: 3,5-7,9 prints pages 3, 5, 6, 7 and 9.</source>
        <translation>صفحات یا ان کی حدیں کوما سے الگ کر کے لکھیں۔ حد دو نمبروں کے بیچ ڈیش سے لکھیں۔ مثلاً 3,5-7,9 سے صفحات 3، 5، 6، 7 اور 9 پرنٹ ہوں گے۔</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="111"/>
        <source>to</source>
        <translation>تک</translation>
    </message>
</context>
<context>
    <name>QPrintWidget</name>
    <message>
        <location filename="../qt_strings.py" line="112"/>
        <source>&amp;Name:</source>
        <translation>نام:</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="113"/>
        <source>Location:</source>
        <translation>مقام:</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="114"/>
        <source>Output &amp;file:</source>
        <translation>فائل:</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="115"/>
        <source>P&amp;roperties</source>
        <translation>خصوصیات</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="116"/>
        <source>Preview</source>
        <translation>پیش نظارہ</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="117"/>
        <source>Printer</source>
        <translation>پرنٹر</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="118"/>
        <source>Type:</source>
        <translation>قسم:</translation>
    </message>
</context>
<context>
    <name>QWidgetTextControl</name>
    <message>
        <location filename="../qt_strings.py" line="40"/>
        <source>&amp;Undo</source>
        <translation>واپس لیں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="41"/>
        <source>&amp;Redo</source>
        <translation>دوبارہ کریں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="42"/>
        <source>Cu&amp;t</source>
        <translation>کاٹیں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="43"/>
        <source>&amp;Copy</source>
        <translation>نقل کریں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="44"/>
        <source>&amp;Paste</source>
        <translation>چسپاں کریں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="45"/>
        <source>Delete</source>
        <translation>مٹائیں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="46"/>
        <source>Select All</source>
        <translation>سب منتخب کریں</translation>
    </message>
    <message>
        <location filename="../qt_strings.py" line="47"/>
        <source>Copy &amp;Link Location</source>
        <translation>ربط کا پتہ نقل کریں</translation>
    </message>
</context>
<context>
    <name>Reach</name>
    <message>
        <location filename="../referral/reach.py" line="16"/>
        <source>This station is not connected to a hub, so no referral can reach a specialist from here.</source>
        <translation>یہ اسٹیشن کسی ہب سے منسلک نہیں، اس لیے یہاں سے کوئی ریفرل ماہر ڈاکٹر تک نہیں پہنچ سکتا۔</translation>
    </message>
    <message>
        <location filename="../referral/reach.py" line="20"/>
        <source>The hub cannot be reached at the moment, so the referral waits on this computer.</source>
        <translation>اس وقت ہب سے رابطہ نہیں ہو رہا، اس لیے ریفرل اسی کمپیوٹر پر انتظار کرے گا۔</translation>
    </message>
</context>
<context>
    <name>RecoveryPage</name>
    <message>
        <location filename="../wizard.py" line="210"/>
        <source>Recovery key</source>
        <translation>بحالی کی کلید</translation>
    </message>
    <message>
        <location filename="../wizard.py" line="212"/>
        <source>If every administrator forgets their password, this key is the only way to open the station&apos;s records. It is shown only now. Write it on paper or print it, and keep it locked away from the computer.</source>
        <translation>اگر تمام منتظمین اپنا پاس ورڈ بھول جائیں تو اسٹیشن کے ریکارڈ کھولنے کا واحد طریقہ یہ کلید ہے۔ یہ صرف ابھی دکھائی جا رہی ہے۔ اسے کاغذ پر لکھ لیں یا پرنٹ کر لیں، اور کمپیوٹر سے دور تالے میں رکھیں۔</translation>
    </message>
    <message>
        <location filename="../wizard.py" line="216"/>
        <source>Print…</source>
        <translation>پرنٹ کریں…</translation>
    </message>
    <message>
        <location filename="../wizard.py" line="217"/>
        <source>Save as PDF…</source>
        <translation>PDF کے طور پر محفوظ کریں…</translation>
    </message>
    <message>
        <location filename="../wizard.py" line="218"/>
        <source>I have written down the recovery key and will keep it safe</source>
        <translation>میں نے بحالی کی کلید لکھ لی ہے اور اسے محفوظ رکھوں گا</translation>
    </message>
    <message>
        <location filename="../wizard.py" line="226"/>
        <source>Recovery key for %1</source>
        <translation>%1 کی بحالی کی کلید</translation>
    </message>
    <message>
        <location filename="../wizard.py" line="229"/>
        <source>Made on %1 for the station of %2.</source>
        <translation>%2 کے اسٹیشن کے لیے %1 کو بنائی گئی۔</translation>
    </message>
    <message>
        <location filename="../wizard.py" line="230"/>
        <source>Keep this sheet locked away from the computer. Anyone who has this key can open every patient record of this station.</source>
        <translation>یہ کاغذ کمپیوٹر سے دور تالے میں رکھیں۔ جس کے پاس بھی یہ کلید ہو وہ اس اسٹیشن کے ہر مریض کا ریکارڈ کھول سکتا ہے۔</translation>
    </message>
    <message>
        <location filename="../wizard.py" line="232"/>
        <source>Use it only when every administrator has forgotten their password: on the station&apos;s computer, run “telestation recover” and type this key when asked. Then choose a new administrator password.</source>
        <translation>اسے صرف تب استعمال کریں جب ہر منتظم اپنا پاس ورڈ بھول جائے: اسٹیشن کے کمپیوٹر پر “⁦telestation recover⁩” چلائیں اور پوچھے جانے پر یہ کلید لکھیں۔ پھر منتظم کا نیا پاس ورڈ چنیں۔</translation>
    </message>
    <message>
        <location filename="../wizard.py" line="235"/>
        <source>Do not keep a copy on the computer: print this page, then delete the file.</source>
        <translation>اس کی کاپی کمپیوٹر پر نہ رکھیں: یہ صفحہ پرنٹ کریں، پھر فائل مٹا دیں۔</translation>
    </message>
    <message>
        <location filename="../wizard.py" line="242"/>
        <source>Sent to the printer.</source>
        <translation>پرنٹر کو بھیج دیا گیا۔</translation>
    </message>
    <message>
        <location filename="../wizard.py" line="248"/>
        <source>Saved to %1. Print it, then delete the file.</source>
        <translation>%1 میں محفوظ ہو گیا۔ اسے پرنٹ کریں، پھر فائل مٹا دیں۔</translation>
    </message>
</context>
<context>
    <name>ReferralForm</name>
    <message>
        <location filename="../referral/create.py" line="346"/>
        <source>For an emergency, phone the specialist on duty or the referral hospital now; do not wait for this referral.</source>
        <translation>ایمرجنسی میں ابھی ڈیوٹی پر موجود ماہر ڈاکٹر یا ریفرل ہسپتال کو فون کریں؛ اس ریفرل کا انتظار نہ کریں۔</translation>
    </message>
    <message>
        <location filename="../referral/create.py" line="431"/>
        <source>Nothing was sent yet: record who consented to sharing first.</source>
        <translation>ابھی کچھ نہیں بھیجا گیا: پہلے درج کریں کہ کس نے رضامندی دی۔</translation>
    </message>
    <message>
        <location filename="../referral/create.py" line="440"/>
        <source>Keep on this computer</source>
        <translation>اسی کمپیوٹر پر رکھیں</translation>
    </message>
    <message>
        <location filename="../referral/reach.py" line="35"/>
        <source>Kept on this computer</source>
        <translation>اسی کمپیوٹر پر رکھا گیا</translation>
    </message>
    <message>
        <location filename="../referral/reach.py" line="35"/>
        <source>The patient&apos;s side did not agree to share, so this referral stays on this computer and nothing is sent to the hub. If they change their mind, open the referral and record their consent.</source>
        <translation>مریض کی طرف سے رضامندی نہیں ملی، اس لیے یہ ریفرل اسی کمپیوٹر پر رہے گا اور ہب کو کچھ نہیں بھیجا جائے گا۔ اگر وہ رائے بدلیں تو ریفرل کھول کر ان کی رضامندی درج کریں۔</translation>
    </message>
    <message>
        <location filename="../referral/reach.py" line="42"/>
        <source>The emergency referral cannot be sent now</source>
        <translation>ایمرجنسی ریفرل ابھی نہیں بھیجا جا سکتا</translation>
    </message>
    <message>
        <location filename="../referral/reach.py" line="43"/>
        <source>Do not wait for an answer: phone the specialist on duty or the referral hospital now, and send the patient with a referral letter if they need hospital care. The referral is kept and is sent as soon as the hub can be reached.</source>
        <translation>جواب کا انتظار نہ کریں: ابھی ڈیوٹی پر موجود ماہر ڈاکٹر یا ریفرل ہسپتال کو فون کریں، اور اگر مریض کو ہسپتال کی ضرورت ہو تو ریفرل خط کے ساتھ بھیجیں۔ ریفرل محفوظ ہے اور ہب سے رابطہ ہوتے ہی بھیج دیا جائے گا۔</translation>
    </message>
    <message>
        <location filename="../referral/create.py" line="130"/>
        <source>Refer to a specialist</source>
        <translation>ماہر ڈاکٹر کو ریفر کریں</translation>
    </message>
    <message>
        <location filename="../referral/create.py" line="273"/>
        <source>Choose a specialty…</source>
        <translation>شعبہ چنیں…</translation>
    </message>
    <message>
        <location filename="../referral/create.py" line="140"/>
        <source>&amp;Specialty</source>
        <translation>شعبہ</translation>
    </message>
    <message>
        <location filename="../referral/create.py" line="141"/>
        <source>Specialty: choose one from the list.</source>
        <translation>شعبہ: فہرست میں سے ایک چنیں۔</translation>
    </message>
    <message>
        <location filename="../referral/create.py" line="148"/>
        <source>Urgency</source>
        <translation>فوریت</translation>
    </message>
    <message>
        <location filename="../referral/create.py" line="163"/>
        <source>Urgency: choose one.</source>
        <translation>فوریت: ایک چنیں۔</translation>
    </message>
    <message>
        <location filename="../referral/create.py" line="167"/>
        <source>What do you need to know from the specialist? e.g. &apos;Is this rash scabies or eczema, and what treatment?&apos;</source>
        <translation>آپ ماہر ڈاکٹر سے کیا جاننا چاہتے ہیں؟ مثلاً &apos;کیا یہ دانے خارش ہیں یا ایگزیما، اور علاج کیا ہو؟&apos;</translation>
    </message>
    <message>
        <location filename="../referral/create.py" line="170"/>
        <source>Your &amp;question for the specialist</source>
        <translation>ماہر ڈاکٹر کے لیے آپ کا سوال</translation>
    </message>
    <message>
        <location filename="../referral/create.py" line="172"/>
        <source>Question: write 10 to 2000 characters saying what you need to know.</source>
        <translation>سوال: 10 سے 2000 حروف میں لکھیں کہ آپ کیا جاننا چاہتے ہیں۔</translation>
    </message>
    <message>
        <location filename="../referral/create.py" line="180"/>
        <source>Add &amp;photo or scan from a file…</source>
        <translation>فائل سے تصویر یا اسکین شامل کریں…</translation>
    </message>
    <message>
        <location filename="../referral/create.py" line="186"/>
        <source>Remove photo</source>
        <translation>تصویر ہٹائیں</translation>
    </message>
    <message>
        <location filename="../referral/create.py" line="191"/>
        <source>Photos: JPEG, PNG or PDF files up to 10 MB.</source>
        <translation>تصاویر: JPEG، PNG یا PDF فائلیں، زیادہ سے زیادہ 10 MB۔</translation>
    </message>
    <message>
        <location filename="../referral/create.py" line="198"/>
        <source>Attach to the referral</source>
        <translation>ریفرل کے ساتھ لگائیں</translation>
    </message>
    <message>
        <location filename="../referral/create.py" line="205"/>
        <location filename="../referral/create.py" line="440"/>
        <source>Se&amp;nd to specialist</source>
        <translation>ماہر ڈاکٹر کو بھیجیں</translation>
    </message>
    <message>
        <location filename="../referral/create.py" line="209"/>
        <source>Keep as &amp;draft</source>
        <translation>مسودے کے طور پر رکھیں</translation>
    </message>
    <message>
        <location filename="../referral/create.py" line="212"/>
        <source>Cancel</source>
        <translation>منسوخ کریں</translation>
    </message>
    <message>
        <location filename="../referral/create.py" line="233"/>
        <source>Photos and scans (optional)</source>
        <translation>تصاویر اور اسکین (اختیاری)</translation>
    </message>
    <message>
        <location filename="../referral/create.py" line="237"/>
        <source>Voice note (optional)</source>
        <translation>صوتی پیغام (اختیاری)</translation>
    </message>
    <message>
        <location filename="../referral/create.py" line="295"/>
        <source>Suggested urgency: %1</source>
        <translation>تجویز کردہ فوریت: %1</translation>
    </message>
    <message>
        <location filename="../referral/create.py" line="310"/>
        <source>Take a photo with the &amp;camera</source>
        <translation>کیمرے سے تصویر لیں</translation>
    </message>
    <message>
        <location filename="../referral/create.py" line="339"/>
        <source>You chose a lower urgency than the checks suggest. That is your decision; say why in the question.</source>
        <translation>آپ نے جانچ کی تجویز سے کم فوریت چنی ہے۔ یہ آپ کا فیصلہ ہے؛ سوال میں وجہ لکھ دیں۔</translation>
    </message>
    <message>
        <location filename="../referral/create.py" line="358"/>
        <source>Choose photos or scans</source>
        <translation>تصاویر یا اسکین چنیں</translation>
    </message>
    <message>
        <location filename="../referral/create.py" line="359"/>
        <source>Photos and scans (*.jpg *.jpeg *.png *.pdf)</source>
        <translation>تصاویر اور اسکین (*.jpg *.jpeg *.png *.pdf)</translation>
    </message>
    <message>
        <location filename="../referral/create.py" line="384"/>
        <source>The file could not be read: %1</source>
        <translation>فائل پڑھی نہیں جا سکی: %1</translation>
    </message>
    <message>
        <location filename="../referral/create.py" line="408"/>
        <source>A voice note is attached. It is sent with the referral; record again to replace it.</source>
        <translation>صوتی پیغام لگا دیا گیا ہے۔ یہ ریفرل کے ساتھ بھیجا جائے گا؛ بدلنے کے لیے دوبارہ ریکارڈ کریں۔</translation>
    </message>
    <message>
        <location filename="../referral/create.py" line="456"/>
        <source>Nothing was sent yet; what you wrote is kept. Correct the field marked in red.</source>
        <translation>ابھی کچھ نہیں بھیجا گیا؛ آپ کا لکھا ہوا باقی ہے۔ سرخ نشان والا خانہ درست کریں۔</translation>
    </message>
</context>
<context>
    <name>ReferralPage</name>
    <message>
        <location filename="../referral/detail.py" line="167"/>
        <source>Referral</source>
        <translation>ریفرل</translation>
    </message>
    <message>
        <location filename="../referral/detail.py" line="172"/>
        <source>Open the &amp;chart</source>
        <translation>چارٹ کھولیں</translation>
    </message>
    <message>
        <location filename="../referral/detail.py" line="183"/>
        <source>&amp;Send it now</source>
        <translation>ابھی بھیجیں</translation>
    </message>
    <message>
        <location filename="../referral/detail.py" line="218"/>
        <source>I have &amp;read this advice</source>
        <translation>میں نے یہ مشورہ پڑھ لیا ہے</translation>
    </message>
    <message>
        <location filename="../referral/detail.py" line="226"/>
        <source>No advice yet. It appears here as soon as it arrives with a sync.</source>
        <translation>ابھی کوئی مشورہ نہیں۔ ہم آہنگی کے ساتھ آتے ہی یہاں نظر آئے گا۔</translation>
    </message>
    <message>
        <location filename="../referral/detail.py" line="231"/>
        <source>No messages yet.</source>
        <translation>ابھی کوئی پیغام نہیں۔</translation>
    </message>
    <message>
        <location filename="../referral/detail.py" line="232"/>
        <source>Write a message to the specialist (Ctrl+Enter sends it)</source>
        <translation>ماہر ڈاکٹر کو پیغام لکھیں (Ctrl+Enter سے بھیجیں)</translation>
    </message>
    <message>
        <location filename="../referral/detail.py" line="235"/>
        <source>Message: write 1 to 4000 characters.</source>
        <translation>پیغام: 1 سے 4000 حروف لکھیں۔</translation>
    </message>
    <message>
        <location filename="../referral/detail.py" line="236"/>
        <source>Send &amp;message</source>
        <translation>پیغام بھیجیں</translation>
    </message>
    <message>
        <location filename="../referral/detail.py" line="240"/>
        <source>Send voice note</source>
        <translation>صوتی پیغام بھیجیں</translation>
    </message>
    <message>
        <location filename="../referral/detail.py" line="266"/>
        <source>Specialist&apos;s advice</source>
        <translation>ماہر ڈاکٹر کا مشورہ</translation>
    </message>
    <message>
        <location filename="../referral/detail.py" line="269"/>
        <source>Your question</source>
        <translation>آپ کا سوال</translation>
    </message>
    <message>
        <location filename="../referral/detail.py" line="276"/>
        <source>Messages</source>
        <translation>پیغامات</translation>
    </message>
    <message>
        <location filename="../referral/detail.py" line="517"/>
        <source>Voice note (%1)</source>
        <translation>صوتی پیغام (%1)</translation>
    </message>
    <message>
        <location filename="../referral/detail.py" line="273"/>
        <source>Voice notes</source>
        <translation>صوتی پیغامات</translation>
    </message>
    <message>
        <location filename="../referral/detail.py" line="317"/>
        <source>Referral to %1</source>
        <translation>%1 کو ریفرل</translation>
    </message>
    <message>
        <location filename="../referral/detail.py" line="318"/>
        <source>Urgency: %1 · made on %2</source>
        <translation>فوریت: %1 · تاریخ %2</translation>
    </message>
    <message>
        <location filename="../referral/detail.py" line="348"/>
        <source>Answered by %1</source>
        <translation>جواب دے رہے ہیں: %1</translation>
    </message>
    <message>
        <location filename="../referral/detail.py" line="351"/>
        <source>PMDC registration %1</source>
        <translation>پی ایم ڈی سی رجسٹریشن نمبر %1</translation>
    </message>
    <message>
        <location filename="../referral/detail.py" line="354"/>
        <source>Since %1</source>
        <translation>%1 سے</translation>
    </message>
    <message>
        <location filename="../referral/detail.py" line="356"/>
        <source>No specialist has taken this referral yet; the hub&apos;s specialists of its specialty see it.</source>
        <translation>ابھی کسی ماہر نے یہ ریفرل نہیں لیا؛ ہب پر اس شعبے کے ماہرین اسے دیکھ رہے ہیں۔</translation>
    </message>
    <message>
        <location filename="../referral/detail.py" line="367"/>
        <source>Advice from %1 (%2)</source>
        <translation>%1 کا مشورہ (%2)</translation>
    </message>
    <message>
        <location filename="../referral/detail.py" line="370"/>
        <source>Assessment:</source>
        <translation>تشخیصی رائے:</translation>
    </message>
    <message>
        <location filename="../referral/detail.py" line="371"/>
        <source>Recommendations:</source>
        <translation>سفارشات:</translation>
    </message>
    <message>
        <location filename="../referral/detail.py" line="373"/>
        <source>The treatment plan must change:</source>
        <translation>علاج کا منصوبہ بدلنا ضروری ہے:</translation>
    </message>
    <message>
        <location filename="../referral/detail.py" line="375"/>
        <source>Follow-up:</source>
        <translation>دوبارہ معائنہ:</translation>
    </message>
    <message>
        <location filename="../referral/detail.py" line="382"/>
        <source>Read by %1 on %2.</source>
        <translation>%1 نے %2 کو پڑھا۔</translation>
    </message>
    <message>
        <location filename="../referral/detail.py" line="391"/>
        <location filename="../referral/detail.py" line="401"/>
        <source>specialist</source>
        <translation>ماہر ڈاکٹر</translation>
    </message>
    <message>
        <location filename="../referral/detail.py" line="392"/>
        <location filename="../referral/detail.py" line="401"/>
        <source>this clinic</source>
        <translation>یہ مرکز صحت</translation>
    </message>
    <message>
        <location filename="../referral/detail.py" line="407"/>
        <source>Play</source>
        <translation>سنیں</translation>
    </message>
    <message>
        <location filename="../referral/detail.py" line="407"/>
        <source>Arrives with the next sync</source>
        <translation>اگلی مطابقت کے ساتھ پہنچے گا</translation>
    </message>
</context>
<context>
    <name>ReferralWords</name>
    <message>
        <location filename="../referral/words.py" line="21"/>
        <source>general medicine</source>
        <translation>جنرل میڈیسن</translation>
    </message>
    <message>
        <location filename="../referral/words.py" line="22"/>
        <source>paediatrics (children)</source>
        <translation>امراضِ اطفال (بچے)</translation>
    </message>
    <message>
        <location filename="../referral/words.py" line="23"/>
        <source>obstetrics and gynaecology</source>
        <translation>زچگی و امراضِ نسواں</translation>
    </message>
    <message>
        <location filename="../referral/words.py" line="24"/>
        <source>dermatology (skin)</source>
        <translation>امراضِ جلد</translation>
    </message>
    <message>
        <location filename="../referral/words.py" line="25"/>
        <source>cardiology (heart)</source>
        <translation>امراضِ قلب</translation>
    </message>
    <message>
        <location filename="../referral/words.py" line="26"/>
        <source>pulmonology (lungs)</source>
        <translation>امراضِ پھیپھڑا</translation>
    </message>
    <message>
        <location filename="../referral/words.py" line="27"/>
        <source>infectious diseases</source>
        <translation>متعدی امراض</translation>
    </message>
    <message>
        <location filename="../referral/words.py" line="28"/>
        <source>endocrinology (diabetes, thyroid)</source>
        <translation>اینڈوکرائنالوجی (ذیابیطس، تھائرائڈ)</translation>
    </message>
    <message>
        <location filename="../referral/words.py" line="29"/>
        <source>neurology (brain and nerves)</source>
        <translation>امراضِ دماغ و اعصاب</translation>
    </message>
    <message>
        <location filename="../referral/words.py" line="30"/>
        <source>psychiatry (mental health)</source>
        <translation>نفسیاتی امراض (ذہنی صحت)</translation>
    </message>
    <message>
        <location filename="../referral/words.py" line="31"/>
        <source>ophthalmology (eyes)</source>
        <translation>امراضِ چشم</translation>
    </message>
    <message>
        <location filename="../referral/words.py" line="32"/>
        <source>ENT (ear, nose and throat)</source>
        <translation>ناک، کان، گلا (ENT)</translation>
    </message>
    <message>
        <location filename="../referral/words.py" line="33"/>
        <source>general surgery</source>
        <translation>جنرل سرجری</translation>
    </message>
    <message>
        <location filename="../referral/words.py" line="34"/>
        <source>orthopaedics (bones and joints)</source>
        <translation>ہڈی و جوڑ (آرتھوپیڈکس)</translation>
    </message>
    <message>
        <location filename="../referral/words.py" line="35"/>
        <source>nephrology (kidneys)</source>
        <translation>امراضِ گردہ</translation>
    </message>
    <message>
        <location filename="../referral/words.py" line="36"/>
        <source>nutrition</source>
        <translation>غذائیت</translation>
    </message>
    <message>
        <location filename="../referral/words.py" line="37"/>
        <source>emergency medicine</source>
        <translation>ایمرجنسی میڈیسن (ہنگامی طب)</translation>
    </message>
    <message>
        <location filename="../referral/words.py" line="46"/>
        <source>routine</source>
        <translation>معمول</translation>
    </message>
    <message>
        <location filename="../referral/words.py" line="47"/>
        <source>soon</source>
        <translation>جلد</translation>
    </message>
    <message>
        <location filename="../referral/words.py" line="48"/>
        <source>urgent</source>
        <translation>فوری</translation>
    </message>
    <message>
        <location filename="../referral/words.py" line="49"/>
        <source>emergency</source>
        <translation>ہنگامی</translation>
    </message>
    <message>
        <location filename="../referral/words.py" line="57"/>
        <source>Routine: an answer within a week is fine</source>
        <translation>معمول: ایک ہفتے میں جواب کافی ہے</translation>
    </message>
    <message>
        <location filename="../referral/words.py" line="58"/>
        <source>Soon: an answer within 2 days</source>
        <translation>جلد: 2 دن میں جواب</translation>
    </message>
    <message>
        <location filename="../referral/words.py" line="59"/>
        <source>Urgent: an answer today</source>
        <translation>فوری: آج ہی جواب</translation>
    </message>
    <message>
        <location filename="../referral/words.py" line="60"/>
        <source>Emergency: the patient needs help now</source>
        <translation>ہنگامی: مریض کو ابھی مدد چاہیے</translation>
    </message>
    <message>
        <location filename="../referral/words.py" line="68"/>
        <source>Draft: not sent yet</source>
        <translation>مسودہ: ابھی نہیں بھیجا گیا</translation>
    </message>
    <message>
        <location filename="../referral/words.py" line="69"/>
        <source>Waiting to be sent (leaves with the next sync)</source>
        <translation>بھیجے جانے کا منتظر (اگلی ہم آہنگی کے ساتھ جائے گا)</translation>
    </message>
    <message>
        <location filename="../referral/words.py" line="70"/>
        <source>Sent to the hub, waiting for a specialist</source>
        <translation>حب کو بھیج دیا گیا، ماہر ڈاکٹر کا انتظار</translation>
    </message>
    <message>
        <location filename="../referral/words.py" line="71"/>
        <source>A specialist has opened it</source>
        <translation>ماہر ڈاکٹر نے اسے کھول لیا ہے</translation>
    </message>
    <message>
        <location filename="../referral/words.py" line="72"/>
        <source>Answered: advice has arrived</source>
        <translation>جواب آ گیا: مشورہ موصول ہو گیا</translation>
    </message>
    <message>
        <location filename="../referral/words.py" line="73"/>
        <source>Closed: advice read</source>
        <translation>بند: مشورہ پڑھ لیا گیا</translation>
    </message>
    <message>
        <location filename="../referral/words.py" line="81"/>
        <source>Draft</source>
        <translation>مسودہ</translation>
    </message>
    <message>
        <location filename="../referral/words.py" line="82"/>
        <source>Waiting to send</source>
        <translation>بھیجنے کا منتظر</translation>
    </message>
    <message>
        <location filename="../referral/words.py" line="83"/>
        <source>Sent</source>
        <translation>بھیج دیا</translation>
    </message>
    <message>
        <location filename="../referral/words.py" line="84"/>
        <source>Opened by specialist</source>
        <translation>ماہر نے کھولا</translation>
    </message>
    <message>
        <location filename="../referral/words.py" line="85"/>
        <source>Answered</source>
        <translation>جواب آ گیا</translation>
    </message>
    <message>
        <location filename="../referral/words.py" line="86"/>
        <source>Closed</source>
        <translation>بند</translation>
    </message>
</context>
<context>
    <name>ReferralsPage</name>
    <message>
        <location filename="../referral/listing.py" line="134"/>
        <source>Emergency: not answered yet. If no answer comes soon, phone the specialist or send the patient to hospital.</source>
        <translation>ایمرجنسی: ابھی جواب نہیں آیا۔ اگر جلد جواب نہ آئے تو ماہر ڈاکٹر کو فون کریں یا مریض کو ہسپتال بھیجیں۔</translation>
    </message>
    <message>
        <location filename="../referral/listing.py" line="76"/>
        <source>Not closed yet</source>
        <translation>ابھی بند نہیں</translation>
    </message>
    <message>
        <location filename="../referral/listing.py" line="76"/>
        <source>Waiting for an answer</source>
        <translation>جواب کا انتظار</translation>
    </message>
    <message>
        <location filename="../referral/listing.py" line="77"/>
        <source>Answered, advice not read</source>
        <translation>جواب آ گیا، مشورہ نہیں پڑھا</translation>
    </message>
    <message>
        <location filename="../referral/listing.py" line="77"/>
        <source>All referrals</source>
        <translation>تمام ریفرل</translation>
    </message>
    <message>
        <location filename="../referral/listing.py" line="82"/>
        <source>Made on</source>
        <translation>تاریخ</translation>
    </message>
    <message>
        <location filename="../referral/listing.py" line="82"/>
        <source>Patient</source>
        <translation>مریض</translation>
    </message>
    <message>
        <location filename="../referral/listing.py" line="82"/>
        <source>Specialty</source>
        <translation>شعبہ</translation>
    </message>
    <message>
        <location filename="../referral/listing.py" line="83"/>
        <source>Urgency</source>
        <translation>فوریت</translation>
    </message>
    <message>
        <location filename="../referral/listing.py" line="83"/>
        <source>Status</source>
        <translation>کیفیت</translation>
    </message>
    <message>
        <location filename="../referral/listing.py" line="94"/>
        <source>No referrals to show.</source>
        <translation>دکھانے کو کوئی ریفرل نہیں۔</translation>
    </message>
    <message>
        <location filename="../referral/listing.py" line="96"/>
        <source>Referrals</source>
        <translation>ریفرل</translation>
    </message>
    <message>
        <location filename="../referral/listing.py" line="97"/>
        <source>&amp;Show:</source>
        <translation>دکھائیں:</translation>
    </message>
</context>
<context>
    <name>RegistrationPage</name>
    <message>
        <location filename="../patients/register.py" line="181"/>
        <source>e.g. a child registered on the mother&apos;s card</source>
        <translation>مثلاً بچہ جو والدہ کے کارڈ پر درج ہے</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="182"/>
        <source>Same CNIC: why is this a different person?</source>
        <translation>ایک ہی شناختی کارڈ: یہ الگ شخص کیوں ہے؟</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="185"/>
        <location filename="../patients/register.py" line="384"/>
        <source>Write why this is a different person with the same CNIC (at least 5 letters).</source>
        <translation>لکھیں کہ ایک ہی شناختی کارڈ کے ساتھ یہ الگ شخص کیوں ہے (کم از کم 5 حروف)۔</translation>
    </message>
    <message>
        <location filename="../patients/kept.py" line="31"/>
        <source>What you typed before (kept at %1) is back; it is not saved yet.</source>
        <translation>آپ کا پہلے لکھا ہوا (%1 کو رکھا گیا) واپس آ گیا ہے؛ ابھی محفوظ نہیں ہوا۔</translation>
    </message>
    <message>
        <location filename="../patients/kept.py" line="40"/>
        <source>The changes to %1&apos;s details are not saved yet.</source>
        <translation>%1 کی معلومات میں تبدیلیاں ابھی محفوظ نہیں ہوئیں۔</translation>
    </message>
    <message>
        <location filename="../patients/kept.py" line="44"/>
        <source>The registration of %1 is not saved yet.</source>
        <translation>%1 کی رجسٹریشن ابھی محفوظ نہیں ہوئی۔</translation>
    </message>
    <message>
        <location filename="../patients/kept.py" line="46"/>
        <source>The registration you started is not saved yet.</source>
        <translation>آپ کی شروع کی ہوئی رجسٹریشن ابھی محفوظ نہیں ہوئی۔</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="94"/>
        <location filename="../patients/register.py" line="303"/>
        <source>Register a new patient</source>
        <translation>نئے مریض کا اندراج</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="96"/>
        <source>e.g. Muhammad Aslam</source>
        <translation>مثلاً Muhammad Aslam</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="97"/>
        <location filename="../patients/register.py" line="99"/>
        <source>optional, in Urdu script</source>
        <translation>اختیاری، اردو رسم الخط میں</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="98"/>
        <source>e.g. Ghulam Rasool</source>
        <translation>مثلاً Ghulam Rasool</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="100"/>
        <source>DD/MM/YYYY</source>
        <translation>DD/MM/YYYY</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="101"/>
        <source>years</source>
        <translation>سال</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="102"/>
        <source>12345-1234567-1</source>
        <translation>12345-1234567-1</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="103"/>
        <source>03XX-XXXXXXX</source>
        <translation>03XX-XXXXXXX</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="122"/>
        <source>&amp;Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="123"/>
        <source>Name in &amp;Urdu</source>
        <translation>نام اردو میں</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="124"/>
        <source>&amp;Father&apos;s or husband&apos;s name</source>
        <translation>والد یا شوہر کا نام</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="125"/>
        <source>Father&apos;s or husband&apos;s name in Urdu</source>
        <translation>والد یا شوہر کا نام اردو میں</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="127"/>
        <source>&amp;Date of birth</source>
        <translation>تاریخ پیدائش</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="128"/>
        <source>or &amp;age in years, if the date is not known</source>
        <translation>یا عمر سالوں میں، اگر تاریخ معلوم نہ ہو</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="130"/>
        <source>&amp;CNIC (optional)</source>
        <translation>شناختی کارڈ نمبر (اختیاری)</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="131"/>
        <source>&amp;Phone (optional)</source>
        <translation>فون (اختیاری)</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="132"/>
        <source>&amp;Village or area</source>
        <translation>گاؤں یا علاقہ</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="133"/>
        <source>Dis&amp;trict</source>
        <translation>ضلع</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="141"/>
        <source>Female</source>
        <translation>عورت</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="141"/>
        <source>Male</source>
        <translation>مرد</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="141"/>
        <source>Other</source>
        <translation>دیگر</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="150"/>
        <source>Sex</source>
        <translation>جنس</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="189"/>
        <source>This is a different person: register as new</source>
        <translation>یہ کوئی اور شخص ہے: نئے مریض کے طور پر درج کریں</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="194"/>
        <location filename="../patients/register.py" line="304"/>
        <source>&amp;Save patient</source>
        <translation>مریض محفوظ کریں</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="199"/>
        <source>Cancel</source>
        <translation>منسوخ کریں</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="242"/>
        <source>Name: enter 2 to 100 letters.</source>
        <translation>نام: 2 سے 100 حروف لکھیں۔</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="243"/>
        <source>Father&apos;s or husband&apos;s name: enter 2 to 100 letters.</source>
        <translation>والد یا شوہر کا نام: 2 سے 100 حروف لکھیں۔</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="244"/>
        <source>Village: enter its name, 2 to 100 letters (not a phone number).</source>
        <translation>گاؤں: اس کا نام لکھیں، 2 سے 100 حروف (فون نمبر نہیں)۔</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="249"/>
        <source>Date of birth: a past date as DD/MM/YYYY (e.g. 25/03/2019) or picked from the calendar, or leave it empty and enter an estimated age.</source>
        <translation>تاریخ پیدائش: گزری ہوئی تاریخ DD/MM/YYYY کی شکل میں (مثلاً 25/03/2019) یا کیلنڈر سے چنیں، یا اسے خالی چھوڑ کر اندازاً عمر لکھیں۔</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="245"/>
        <source>District: enter 2 to 100 letters.</source>
        <translation>ضلع: 2 سے 100 حروف لکھیں۔</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="246"/>
        <source>Name in Urdu: write it in Urdu script, or leave it empty.</source>
        <translation>نام اردو میں: اردو رسم الخط میں لکھیں، یا خالی چھوڑ دیں۔</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="247"/>
        <source>Father&apos;s name in Urdu: write it in Urdu script, or leave it empty.</source>
        <translation>والد کا نام اردو میں: اردو رسم الخط میں لکھیں، یا خالی چھوڑ دیں۔</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="248"/>
        <source>Sex: choose female, male or other.</source>
        <translation>جنس: عورت، مرد یا دیگر چنیں۔</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="252"/>
        <source>Age: whole years from 0 to 120.</source>
        <translation>عمر: 0 سے 120 تک پورے سال۔</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="253"/>
        <source>CNIC: the 13 digits of the card, as 12345-1234567-1, or leave it empty.</source>
        <translation>شناختی کارڈ: کارڈ کے 13 ہندسے، 12345-1234567-1 کی شکل میں، یا خالی چھوڑ دیں۔</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="254"/>
        <source>Phone: a mobile as 03XX-XXXXXXX or a landline with its area code, or leave it empty.</source>
        <translation>فون: موبائل 03XX-XXXXXXX کی شکل میں یا لینڈ لائن علاقائی کوڈ کے ساتھ، یا خالی چھوڑ دیں۔</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="284"/>
        <source>Patient details: MRN %1</source>
        <translation>مریض کی تفصیلات: MRN %1</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="285"/>
        <source>&amp;Save changes</source>
        <translation>تبدیلیاں محفوظ کریں</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="356"/>
        <source>Please correct the fields marked in red. Nothing was saved yet; what you typed is kept.</source>
        <translation>براہ کرم سرخ نشان والے خانے درست کریں۔ ابھی کچھ محفوظ نہیں ہوا؛ آپ کا لکھا ہوا باقی ہے۔</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="387"/>
        <source>Nothing was saved yet; what you typed is kept.</source>
        <translation>ابھی کچھ محفوظ نہیں ہوا؛ آپ کا لکھا ہوا باقی ہے۔</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="399"/>
        <source>This patient may already be registered</source>
        <translation>یہ مریض شاید پہلے سے درج ہے</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="400"/>
        <source>Check with the patient. Open their chart if it is the same person; otherwise register them as new.</source>
        <translation>مریض سے تصدیق کریں۔ اگر وہی شخص ہے تو اس کا چارٹ کھولیں؛ ورنہ نئے مریض کے طور پر درج کریں۔</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="409"/>
        <source>Open this chart</source>
        <translation>یہ چارٹ کھولیں</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="429"/>
        <source>same CNIC</source>
        <translation>ایک ہی شناختی کارڈ</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="429"/>
        <source>same phone number</source>
        <translation>ایک ہی فون نمبر</translation>
    </message>
    <message>
        <location filename="../patients/register.py" line="430"/>
        <source>similar name, father&apos;s name and age</source>
        <translation>ملتا جلتا نام، والد کا نام اور عمر</translation>
    </message>
</context>
<context>
    <name>RelationChoice</name>
    <message>
        <location filename="../patients/register_extras.py" line="34"/>
        <source>This name is the patient&apos;s:</source>
        <translation>یہ نام مریض کے:</translation>
    </message>
    <message>
        <location filename="../patients/register_extras.py" line="38"/>
        <source>father</source>
        <translation>والد کا ہے</translation>
    </message>
    <message>
        <location filename="../patients/register_extras.py" line="38"/>
        <source>husband</source>
        <translation>شوہر کا ہے</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <location filename="../admin/backup.py" line="189"/>
        <source>Restore from a backup</source>
        <translation>بیک اپ سے بحالی</translation>
    </message>
    <message>
        <location filename="../admin/backup.py" line="191"/>
        <source>Backup of %1, made %2.</source>
        <translation>%1 کا بیک اپ، بنایا گیا %2۔</translation>
    </message>
    <message>
        <location filename="../admin/backup.py" line="198"/>
        <source>Username (in the backup)</source>
        <translation>صارف نام (بیک اپ میں)</translation>
    </message>
    <message>
        <location filename="../admin/backup.py" line="199"/>
        <source>Password</source>
        <translation>پاس ورڈ</translation>
    </message>
    <message>
        <location filename="../admin/backup.py" line="202"/>
        <source>Replace this station&apos;s data</source>
        <translation>اس اسٹیشن کا ڈیٹا بدل دیں</translation>
    </message>
    <message>
        <location filename="../admin/backup.py" line="203"/>
        <source>Cancel</source>
        <translation>منسوخ کریں</translation>
    </message>
</context>
<context>
    <name>ResumePanel</name>
    <message>
        <location filename="../drafts.py" line="147"/>
        <source>Continue</source>
        <translation>جاری رکھیں</translation>
    </message>
    <message>
        <location filename="../drafts.py" line="151"/>
        <source>Discard</source>
        <translation>ختم کریں</translation>
    </message>
    <message>
        <location filename="../drafts.py" line="170"/>
        <source>Discard the draft</source>
        <translation>مسودہ ختم کریں</translation>
    </message>
    <message>
        <location filename="../drafts.py" line="171"/>
        <source>Throw away what was typed? It cannot be brought back.</source>
        <translation>لکھا ہوا ختم کر دیں؟ یہ واپس نہیں آ سکے گا۔</translation>
    </message>
    <message>
        <location filename="../drafts.py" line="173"/>
        <source>Throw it away</source>
        <translation>ختم کر دیں</translation>
    </message>
    <message>
        <location filename="../drafts.py" line="175"/>
        <source>Keep it</source>
        <translation>رکھیں</translation>
    </message>
</context>
<context>
    <name>SelfCheckDialog</name>
    <message>
        <location filename="../selfcheck_dialog.py" line="85"/>
        <location filename="../selfcheck_dialog.py" line="88"/>
        <source>Check this station</source>
        <translation>اس اسٹیشن کی جانچ</translation>
    </message>
    <message>
        <location filename="../selfcheck_dialog.py" line="107"/>
        <source>Check again</source>
        <translation>دوبارہ جانچیں</translation>
    </message>
    <message>
        <location filename="../selfcheck_dialog.py" line="109"/>
        <location filename="../selfcheck_dialog.py" line="165"/>
        <source>Copy report</source>
        <translation>رپورٹ نقل کریں</translation>
    </message>
    <message>
        <location filename="../selfcheck_dialog.py" line="111"/>
        <source>Close</source>
        <translation>بند کریں</translation>
    </message>
    <message>
        <location filename="../selfcheck_dialog.py" line="126"/>
        <source>Checking… this takes a few seconds.</source>
        <translation>جانچ ہو رہی ہے… اس میں چند سیکنڈ لگتے ہیں۔</translation>
    </message>
    <message>
        <location filename="../selfcheck_dialog.py" line="159"/>
        <source>Everything needed works.</source>
        <translation>ضرورت کی ہر چیز کام کر رہی ہے۔</translation>
    </message>
    <message>
        <location filename="../selfcheck_dialog.py" line="160"/>
        <source>Problems found: the lines marked PROBLEM say what to do.</source>
        <translation>مسائل ملے ہیں: جن سطروں پر PROBLEM لکھا ہے، وہ بتاتی ہیں کہ کیا کرنا ہے۔</translation>
    </message>
    <message>
        <location filename="../selfcheck_dialog.py" line="171"/>
        <source>Problem</source>
        <translation>مسئلہ</translation>
    </message>
    <message>
        <location filename="../selfcheck_dialog.py" line="171"/>
        <source>Note</source>
        <translation>نوٹ</translation>
    </message>
    <message>
        <location filename="../selfcheck_dialog.py" line="180"/>
        <source>Copied</source>
        <translation>نقل ہو گئی</translation>
    </message>
</context>
<context>
    <name>SettingsTab</name>
    <message>
        <location filename="../admin/settings.py" line="32"/>
        <source>Settings</source>
        <translation>ترتیبات</translation>
    </message>
    <message>
        <location filename="../admin/settings.py" line="40"/>
        <source>Language</source>
        <translation>زبان</translation>
    </message>
    <message>
        <location filename="../admin/settings.py" line="111"/>
        <source>minutes</source>
        <translation>منٹ</translation>
    </message>
    <message>
        <location filename="../admin/settings.py" line="49"/>
        <source>Lock the station after</source>
        <translation>اسٹیشن مقفل ہو جائے اتنی دیر بعد</translation>
    </message>
    <message>
        <location filename="../admin/settings.py" line="56"/>
        <source>Camera for photos and calls</source>
        <translation>تصاویر اور کال کے لیے کیمرا</translation>
    </message>
    <message>
        <location filename="../admin/settings.py" line="60"/>
        <source>Microphone for calls</source>
        <translation>کال کے لیے مائیکروفون</translation>
    </message>
    <message>
        <location filename="../admin/settings.py" line="78"/>
        <source>Hub</source>
        <translation>حب</translation>
    </message>
    <message>
        <location filename="../admin/settings.py" line="88"/>
        <source>Hub address</source>
        <translation>حب کا پتہ</translation>
    </message>
    <message>
        <location filename="../admin/settings.py" line="89"/>
        <source>Enrollment code</source>
        <translation>اندراج کا کوڈ</translation>
    </message>
    <message>
        <location filename="../admin/settings.py" line="91"/>
        <source>Connect this station to the hub</source>
        <translation>اس اسٹیشن کو حب سے جوڑیں</translation>
    </message>
    <message>
        <location filename="../admin/settings.py" line="64"/>
        <source>Speaker or headset for calls</source>
        <translation>کال کے لیے اسپیکر یا ہیڈسیٹ</translation>
    </message>
    <message>
        <location filename="../admin/settings.py" line="68"/>
        <source>Look for the camera, microphone and speaker again</source>
        <translation>کیمرا، مائیکروفون اور اسپیکر دوبارہ تلاش کریں</translation>
    </message>
    <message>
        <location filename="../admin/settings.py" line="102"/>
        <source>Only an administrator can change the lock time, camera, microphone, speaker and hub.</source>
        <translation>لاک کا وقت، کیمرا، مائیکروفون، اسپیکر اور حب صرف منتظم بدل سکتا ہے۔</translation>
    </message>
    <message>
        <location filename="../admin/settings.py" line="123"/>
        <source>Looking…</source>
        <translation>تلاش جاری ہے…</translation>
    </message>
    <message>
        <location filename="../admin/settings.py" line="133"/>
        <source>No camera found</source>
        <translation>کوئی کیمرا نہیں ملا</translation>
    </message>
    <message>
        <location filename="../admin/settings.py" line="133"/>
        <source>No microphone found</source>
        <translation>کوئی مائیکروفون نہیں ملا</translation>
    </message>
    <message>
        <location filename="../admin/settings.py" line="134"/>
        <source>No speaker found</source>
        <translation>کوئی اسپیکر نہیں ملا</translation>
    </message>
    <message>
        <location filename="../admin/settings.py" line="148"/>
        <source>No camera found on this computer: video consults will be voice only. Connect a camera, then press the button below.</source>
        <translation>اس کمپیوٹر پر کوئی کیمرا نہیں ملا: ویڈیو مشاورت صرف آواز کی ہوگی۔ کیمرا لگائیں، پھر نیچے والا بٹن دبائیں۔</translation>
    </message>
    <message>
        <location filename="../admin/settings.py" line="151"/>
        <source>No microphone found: in a video consult the specialist would not hear you. Connect a headset or microphone, then press the button below.</source>
        <translation>کوئی مائیکروفون نہیں ملا: ویڈیو مشاورت میں ماہر ڈاکٹر آپ کی آواز نہیں سن سکیں گے۔ ہیڈسیٹ یا مائیکروفون لگائیں، پھر نیچے والا بٹن دبائیں۔</translation>
    </message>
    <message>
        <location filename="../admin/settings.py" line="154"/>
        <source>No speaker or headset found: in a video consult you would not hear the specialist. Connect a speaker or headset, then press the button below.</source>
        <translation>کوئی اسپیکر یا ہیڈسیٹ نہیں ملا: ویڈیو مشاورت میں آپ ماہر ڈاکٹر کی آواز نہیں سن سکیں گے۔ اسپیکر یا ہیڈسیٹ لگائیں، پھر نیچے والا بٹن دبائیں۔</translation>
    </message>
    <message>
        <location filename="../admin/settings.py" line="181"/>
        <source>Hub address: it starts with https:// (for example https://hub.example.org).</source>
        <translation>حب کا پتہ: یہ https:// سے شروع ہوتا ہے (مثلاً https://hub.example.org)۔</translation>
    </message>
    <message>
        <location filename="../admin/settings.py" line="185"/>
        <source>Enrollment code: type the one-time code from the hub&apos;s administrator.</source>
        <translation>اندراج کا کوڈ: حب کے منتظم سے ملا ہوا ایک بار کا کوڈ لکھیں۔</translation>
    </message>
    <message>
        <location filename="../admin/settings.py" line="201"/>
        <source>This station is connected to %1.</source>
        <translation>یہ اسٹیشن %1 سے جڑا ہوا ہے۔</translation>
    </message>
    <message>
        <location filename="../admin/settings.py" line="203"/>
        <source>This station is not connected to a hub yet. Its work is kept here until it is.</source>
        <translation>یہ اسٹیشن ابھی کسی حب سے نہیں جڑا۔ جڑنے تک اس کا کام یہیں محفوظ رہتا ہے۔</translation>
    </message>
    <message>
        <location filename="../admin/settings.py" line="111"/>
        <source>minute</source>
        <translation>منٹ</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../wizard.py" line="326"/>
        <source>Set up this station</source>
        <translation>اس اسٹیشن کی تیاری</translation>
    </message>
    <message>
        <location filename="../wizard.py" line="327"/>
        <source>Next</source>
        <translation>آگے</translation>
    </message>
    <message>
        <location filename="../wizard.py" line="328"/>
        <source>Back</source>
        <translation>پیچھے</translation>
    </message>
    <message>
        <location filename="../wizard.py" line="329"/>
        <source>Cancel</source>
        <translation>منسوخ کریں</translation>
    </message>
    <message>
        <location filename="../wizard.py" line="330"/>
        <source>Finish</source>
        <translation>مکمل کریں</translation>
    </message>
</context>
<context>
    <name>Shell</name>
    <message>
        <location filename="../main_window.py" line="56"/>
        <source>Lock</source>
        <translation>مقفل کریں</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="57"/>
        <source>Lock the station now; sign in again to continue</source>
        <translation>اسٹیشن ابھی مقفل کریں؛ جاری رکھنے کے لیے دوبارہ سائن اِن کریں</translation>
    </message>
</context>
<context>
    <name>StationApp</name>
    <message>
        <location filename="../app.py" line="211"/>
        <source>Restore</source>
        <translation>بحالی</translation>
    </message>
    <message>
        <location filename="../app.py" line="212"/>
        <source>The station was restored from the backup. Everything saved after that backup is kept aside in the data folder.</source>
        <translation>اسٹیشن بیک اپ سے بحال ہو گیا۔ اس بیک اپ کے بعد محفوظ کیا گیا سب کچھ ڈیٹا فولڈر میں الگ رکھا گیا ہے۔</translation>
    </message>
    <message numerus="yes">
        <location filename="../app.py" line="227"/>
        <source>The station locked itself: nobody used it for %n min. Sign in to continue.</source>
        <translation>
            <numerusform>اسٹیشن خود مقفل ہو گیا: %n منٹ تک کسی نے استعمال نہیں کیا۔ جاری رکھنے کے لیے سائن اِن کریں۔</numerusform>
            <numerusform>اسٹیشن خود مقفل ہو گیا: %n منٹ تک کسی نے استعمال نہیں کیا۔ جاری رکھنے کے لیے سائن اِن کریں۔</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app.py" line="229"/>
        <source>The station is locked. Sign in to continue.</source>
        <translation>اسٹیشن مقفل ہے۔ جاری رکھنے کے لیے سائن اِن کریں۔</translation>
    </message>
    <message>
        <location filename="../app.py" line="315"/>
        <source>This program cannot connect to a hub (its sync part is missing). Reinstall the station.</source>
        <translation>یہ پروگرام حب سے نہیں جڑ سکتا (اس کا ہم آہنگی والا حصہ موجود نہیں)۔ اسٹیشن دوبارہ انسٹال کریں۔</translation>
    </message>
</context>
<context>
    <name>SyncBar</name>
    <message>
        <location filename="../syncbar.py" line="196"/>
        <source>Choose the right value (%1)</source>
        <translation>درست معلومات منتخب کریں (%1)</translation>
    </message>
    <message>
        <location filename="../syncbar.py" line="210"/>
        <source>Not connected to a hub: nothing can be sent from here. An administrator connects the station in Administration, Settings.</source>
        <translation>کسی ہب سے منسلک نہیں: یہاں سے کچھ نہیں بھیجا جا سکتا۔ منتظم انتظامیہ، ترتیبات میں اسٹیشن منسلک کرتا ہے۔</translation>
    </message>
    <message>
        <location filename="../syncbar.py" line="214"/>
        <source>Trying to reach the hub…</source>
        <translation>ہب سے رابطے کی کوشش…</translation>
    </message>
    <message>
        <location filename="../syncbar.py" line="223"/>
        <location filename="../syncbar.py" line="235"/>
        <source>Sync failed at %1: %2</source>
        <translation>%1 پر ہم آہنگی ناکام: %2</translation>
    </message>
    <message>
        <location filename="../syncbar.py" line="225"/>
        <source>Sync done at %1; still waiting to be sent: %2.</source>
        <translation>%1 پر ہم آہنگی ہو گئی؛ ابھی بھیجنے کو باقی: %2۔</translation>
    </message>
    <message>
        <location filename="../syncbar.py" line="228"/>
        <source>Sync done at %1: everything is on the hub.</source>
        <translation>%1 پر ہم آہنگی ہو گئی: سب کچھ ہب پر ہے۔</translation>
    </message>
    <message>
        <location filename="../syncbar.py" line="241"/>
        <source>No answer from the hub yet; the station keeps trying in the background.</source>
        <translation>ہب سے ابھی جواب نہیں آیا؛ اسٹیشن پس منظر میں کوشش جاری رکھے گا۔</translation>
    </message>
    <message>
        <location filename="../syncbar.py" line="145"/>
        <source>Sync now</source>
        <translation>ابھی ہم آہنگ کریں</translation>
    </message>
    <message>
        <location filename="../syncbar.py" line="174"/>
        <source>● Not connected to a hub</source>
        <translation>● حب سے نہیں جڑا</translation>
    </message>
    <message>
        <location filename="../syncbar.py" line="176"/>
        <source>● Syncing…</source>
        <translation>● ہم آہنگی جاری ہے…</translation>
    </message>
    <message>
        <location filename="../syncbar.py" line="178"/>
        <source>● Connecting…</source>
        <translation>● جڑ رہا ہے…</translation>
    </message>
    <message>
        <location filename="../syncbar.py" line="180"/>
        <source>● Online</source>
        <translation>● آن لائن</translation>
    </message>
    <message>
        <location filename="../syncbar.py" line="182"/>
        <source>● Offline</source>
        <translation>● آف لائن</translation>
    </message>
    <message numerus="yes">
        <location filename="../syncbar.py" line="186"/>
        <source>Waiting to be sent: %n</source>
        <translation>
            <numerusform>بھیجے جانے کی منتظر: %n</numerusform>
            <numerusform>بھیجے جانے کی منتظر: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../syncbar.py" line="191"/>
        <source>refused by the hub: %n (see the Sync log)</source>
        <translation>
            <numerusform>حب نے رد کیں: %n (ہم آہنگی کا ریکارڈ دیکھیں)</numerusform>
            <numerusform>حب نے رد کیں: %n (ہم آہنگی کا ریکارڈ دیکھیں)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../syncbar.py" line="188"/>
        <source>Everything sent</source>
        <translation>سب کچھ بھیج دیا گیا</translation>
    </message>
    <message>
        <location filename="../syncbar.py" line="193"/>
        <source>Last synced: %1</source>
        <translation>آخری ہم آہنگی: %1</translation>
    </message>
    <message>
        <location filename="../syncbar.py" line="194"/>
        <source>Never synced</source>
        <translation>کبھی ہم آہنگی نہیں ہوئی</translation>
    </message>
    <message>
        <location filename="../sync_driver.py" line="170"/>
        <source>Sync could not start: %1</source>
        <translation>ہم آہنگی شروع نہ ہو سکی: %1</translation>
    </message>
    <message>
        <location filename="../syncbar.py" line="90"/>
        <source>The sync figures could not be read: %1</source>
        <translation>ہم آہنگی کے اعداد و شمار پڑھے نہ جا سکے: %1</translation>
    </message>
</context>
<context>
    <name>SyncLog</name>
    <message>
        <location filename="../admin/logs.py" line="53"/>
        <source>waiting</source>
        <translation>منتظر</translation>
    </message>
    <message>
        <location filename="../admin/logs.py" line="54"/>
        <source>sent, not yet confirmed</source>
        <translation>بھیج دیا، ابھی تصدیق نہیں ہوئی</translation>
    </message>
    <message>
        <location filename="../admin/logs.py" line="55"/>
        <source>received by the hub</source>
        <translation>حب کو مل گیا</translation>
    </message>
    <message>
        <location filename="../admin/logs.py" line="56"/>
        <source>refused by the hub</source>
        <translation>حب نے رد کر دیا</translation>
    </message>
    <message>
        <location filename="../admin/logs.py" line="60"/>
        <source>patient</source>
        <translation>مریض</translation>
    </message>
    <message>
        <location filename="../admin/logs.py" line="61"/>
        <source>consultation</source>
        <translation>معائنہ</translation>
    </message>
    <message>
        <location filename="../admin/logs.py" line="62"/>
        <source>vital signs</source>
        <translation>اہم علامات</translation>
    </message>
    <message>
        <location filename="../admin/logs.py" line="63"/>
        <source>referral</source>
        <translation>ریفرل</translation>
    </message>
    <message>
        <location filename="../admin/logs.py" line="64"/>
        <source>message</source>
        <translation>پیغام</translation>
    </message>
    <message>
        <location filename="../admin/logs.py" line="65"/>
        <source>photo</source>
        <translation>تصویر</translation>
    </message>
    <message>
        <location filename="../admin/logs.py" line="66"/>
        <source>account</source>
        <translation>اکاؤنٹ</translation>
    </message>
    <message>
        <location filename="../admin/logs.py" line="67"/>
        <source>station</source>
        <translation>اسٹیشن</translation>
    </message>
</context>
<context>
    <name>SyncLogTab</name>
    <message>
        <location filename="../admin/logs.py" line="78"/>
        <source>Sync log</source>
        <translation>ہم آہنگی کا ریکارڈ</translation>
    </message>
    <message>
        <location filename="../admin/logs.py" line="79"/>
        <source>Only refused changes</source>
        <translation>صرف رد شدہ تبدیلیاں</translation>
    </message>
    <message>
        <location filename="../admin/logs.py" line="86"/>
        <source>Time (UTC)</source>
        <translation>وقت (UTC)</translation>
    </message>
    <message>
        <location filename="../admin/logs.py" line="86"/>
        <source>What</source>
        <translation>کیا</translation>
    </message>
    <message>
        <location filename="../admin/logs.py" line="86"/>
        <source>State</source>
        <translation>حالت</translation>
    </message>
    <message>
        <location filename="../admin/logs.py" line="86"/>
        <source>Tries</source>
        <translation>کوششیں</translation>
    </message>
    <message>
        <location filename="../admin/logs.py" line="87"/>
        <source>Hub&apos;s reason</source>
        <translation>حب کی وجہ</translation>
    </message>
    <message>
        <location filename="../admin/logs.py" line="106"/>
        <source>Waiting: %1 · sent: %2 · received by the hub: %3 · refused: %4</source>
        <translation>منتظر: %1 · بھیجی گئیں: %2 · حب کو ملیں: %3 · رد ہوئیں: %4</translation>
    </message>
    <message>
        <location filename="../admin/logs.py" line="110"/>
        <source>Last problem: %1</source>
        <translation>آخری مسئلہ: %1</translation>
    </message>
</context>
<context>
    <name>UserDialog</name>
    <message>
        <location filename="../admin/users.py" line="153"/>
        <source>Add a user</source>
        <translation>صارف شامل کریں</translation>
    </message>
    <message>
        <location filename="../admin/users.py" line="153"/>
        <source>New password for %1</source>
        <translation>%1 کے لیے نیا پاس ورڈ</translation>
    </message>
    <message>
        <location filename="../admin/users.py" line="160"/>
        <source>Password (8 or more characters)</source>
        <translation>پاس ورڈ (8 یا زیادہ حروف)</translation>
    </message>
    <message>
        <location filename="../admin/users.py" line="161"/>
        <source>PIN (6 or more digits; health workers only)</source>
        <translation>PIN (6 یا زیادہ ہندسے؛ صرف ہیلتھ ورکرز)</translation>
    </message>
    <message>
        <location filename="../admin/users.py" line="163"/>
        <source>Username</source>
        <translation>صارف نام</translation>
    </message>
    <message>
        <location filename="../admin/users.py" line="164"/>
        <source>Full name</source>
        <translation>پورا نام</translation>
    </message>
    <message>
        <location filename="../admin/users.py" line="165"/>
        <source>Role</source>
        <translation>کردار</translation>
    </message>
    <message>
        <location filename="../admin/users.py" line="166"/>
        <source>Signs in with</source>
        <translation>سائن اِن کا طریقہ</translation>
    </message>
    <message>
        <location filename="../admin/users.py" line="167"/>
        <source>Password or PIN</source>
        <translation>پاس ورڈ یا PIN</translation>
    </message>
    <message>
        <location filename="../admin/users.py" line="177"/>
        <source>Save</source>
        <translation>محفوظ کریں</translation>
    </message>
    <message>
        <location filename="../admin/users.py" line="178"/>
        <source>Cancel</source>
        <translation>منسوخ کریں</translation>
    </message>
    <message>
        <location filename="../admin/users.py" line="171"/>
        <source>Password or PIN again</source>
        <translation>پاس ورڈ یا PIN دوبارہ</translation>
    </message>
    <message>
        <location filename="../admin/users.py" line="186"/>
        <source>The two passwords are not the same. Type them again.</source>
        <translation>دونوں پاس ورڈ ایک جیسے نہیں۔ دوبارہ لکھیں۔</translation>
    </message>
</context>
<context>
    <name>Users</name>
    <message>
        <location filename="../admin/users.py" line="35"/>
        <source>administrator</source>
        <translation>منتظم</translation>
    </message>
    <message>
        <location filename="../admin/users.py" line="36"/>
        <source>clinician</source>
        <translation>معالج</translation>
    </message>
    <message>
        <location filename="../admin/users.py" line="37"/>
        <source>health worker</source>
        <translation>ہیلتھ ورکر</translation>
    </message>
</context>
<context>
    <name>UsersTab</name>
    <message>
        <location filename="../admin/users.py" line="46"/>
        <source>Users</source>
        <translation>صارفین</translation>
    </message>
    <message>
        <location filename="../admin/users.py" line="49"/>
        <source>Username</source>
        <translation>صارف نام</translation>
    </message>
    <message>
        <location filename="../admin/users.py" line="49"/>
        <source>Full name</source>
        <translation>پورا نام</translation>
    </message>
    <message>
        <location filename="../admin/users.py" line="49"/>
        <source>Role</source>
        <translation>کردار</translation>
    </message>
    <message>
        <location filename="../admin/users.py" line="50"/>
        <source>Can sign in</source>
        <translation>سائن اِن کر سکتا ہے</translation>
    </message>
    <message>
        <location filename="../admin/users.py" line="57"/>
        <source>Add a user…</source>
        <translation>صارف شامل کریں…</translation>
    </message>
    <message>
        <location filename="../admin/users.py" line="58"/>
        <source>Set a new password…</source>
        <translation>نیا پاس ورڈ مقرر کریں…</translation>
    </message>
    <message>
        <location filename="../admin/users.py" line="59"/>
        <location filename="../admin/users.py" line="123"/>
        <location filename="../admin/users.py" line="127"/>
        <source>Switch off</source>
        <translation>بند کریں</translation>
    </message>
    <message>
        <location filename="../admin/users.py" line="80"/>
        <source>yes</source>
        <translation>ہاں</translation>
    </message>
    <message>
        <location filename="../admin/users.py" line="80"/>
        <location filename="../admin/users.py" line="141"/>
        <source>no</source>
        <translation>نہیں</translation>
    </message>
    <message>
        <location filename="../admin/users.py" line="128"/>
        <source>Switch off %1? Their password will no longer open this station. Their records stay.</source>
        <translation>%1 کو بند کریں؟ ان کا پاس ورڈ اب یہ اسٹیشن نہیں کھولے گا۔ ان کے ریکارڈ باقی رہیں گے۔</translation>
    </message>
    <message>
        <location filename="../admin/users.py" line="138"/>
        <source>You cannot switch off your own account. Another administrator can.</source>
        <translation>آپ اپنا اکاؤنٹ بند نہیں کر سکتے۔ کوئی دوسرا منتظم کر سکتا ہے۔</translation>
    </message>
    <message>
        <location filename="../admin/users.py" line="142"/>
        <source>%1 is already switched off.</source>
        <translation>%1 پہلے ہی بند ہے۔</translation>
    </message>
</context>
<context>
    <name>VitalsPanel</name>
    <message>
        <location filename="../consultation/vital_words.py" line="12"/>
        <source>Systolic blood pressure</source>
        <translation>اوپر والا بلڈ پریشر (سسٹولک)</translation>
    </message>
    <message>
        <location filename="../consultation/vital_words.py" line="13"/>
        <source>Diastolic blood pressure</source>
        <translation>نیچے والا بلڈ پریشر (ڈایاسٹولک)</translation>
    </message>
    <message>
        <location filename="../consultation/vital_words.py" line="14"/>
        <source>Heart rate</source>
        <translation>نبض</translation>
    </message>
    <message>
        <location filename="../consultation/vital_words.py" line="15"/>
        <source>Respiratory rate</source>
        <translation>سانس کی رفتار</translation>
    </message>
    <message>
        <location filename="../consultation/vital_words.py" line="16"/>
        <source>Temperature</source>
        <translation>درجہ حرارت</translation>
    </message>
    <message>
        <location filename="../consultation/vital_words.py" line="17"/>
        <source>Oxygen saturation (SpO₂)</source>
        <translation>خون میں آکسیجن (SpO₂)</translation>
    </message>
    <message>
        <location filename="../consultation/vital_words.py" line="18"/>
        <source>Weight</source>
        <translation>وزن</translation>
    </message>
    <message>
        <location filename="../consultation/vital_words.py" line="19"/>
        <source>Height</source>
        <translation>قد</translation>
    </message>
    <message>
        <location filename="../consultation/vital_words.py" line="20"/>
        <source>BMI</source>
        <translation>BMI</translation>
    </message>
    <message>
        <location filename="../consultation/vital_words.py" line="21"/>
        <source>MUAC (mid-upper arm)</source>
        <translation>MUAC (بازو کا درمیانی گھیر)</translation>
    </message>
    <message>
        <location filename="../consultation/vital_words.py" line="28"/>
        <location filename="../consultation/vital_words.py" line="29"/>
        <source>mmHg</source>
        <translation>mmHg</translation>
    </message>
    <message>
        <location filename="../consultation/vital_words.py" line="30"/>
        <source>beats/min</source>
        <translation>دھڑکن/منٹ</translation>
    </message>
    <message>
        <location filename="../consultation/vital_words.py" line="31"/>
        <source>breaths/min</source>
        <translation>سانس/منٹ</translation>
    </message>
    <message>
        <location filename="../consultation/vital_words.py" line="32"/>
        <source>°C</source>
        <translation>°C</translation>
    </message>
    <message>
        <location filename="../consultation/vital_words.py" line="34"/>
        <source>kg</source>
        <translation>کلو</translation>
    </message>
    <message>
        <location filename="../consultation/vital_words.py" line="35"/>
        <location filename="../consultation/vital_words.py" line="37"/>
        <source>cm</source>
        <translation>سینٹی میٹر</translation>
    </message>
    <message>
        <location filename="../consultation/vital_words.py" line="36"/>
        <source>kg/m²</source>
        <translation>kg/m²</translation>
    </message>
    <message>
        <location filename="../consultation/vitals_panel.py" line="72"/>
        <source>%1: enter a number between %2 and %3 %4.</source>
        <translation>%1: %2 اور %3 %4 کے درمیان عدد لکھیں۔</translation>
    </message>
    <message>
        <location filename="../consultation/vitals_panel.py" line="105"/>
        <source>BMI: check the weight and the height.</source>
        <translation>BMI: وزن اور قد دیکھیں۔</translation>
    </message>
    <message>
        <location filename="../consultation/vitals_panel.py" line="112"/>
        <source>not assessed</source>
        <translation>جانچ نہیں ہوئی</translation>
    </message>
    <message>
        <location filename="../consultation/vitals_panel.py" line="112"/>
        <source>Alert</source>
        <translation>ہوش میں</translation>
    </message>
    <message>
        <location filename="../consultation/vitals_panel.py" line="113"/>
        <source>New confusion</source>
        <translation>نئی الجھن (کنفیوژن)</translation>
    </message>
    <message>
        <location filename="../consultation/vitals_panel.py" line="113"/>
        <source>Responds only to voice</source>
        <translation>صرف آواز پر جواب دیتا ہے</translation>
    </message>
    <message>
        <location filename="../consultation/vitals_panel.py" line="114"/>
        <source>Responds only to pain</source>
        <translation>صرف درد پر جواب دیتا ہے</translation>
    </message>
    <message>
        <location filename="../consultation/vitals_panel.py" line="114"/>
        <source>Unresponsive</source>
        <translation>کوئی جواب نہیں دیتا</translation>
    </message>
    <message>
        <location filename="../consultation/vitals_panel.py" line="117"/>
        <source>&amp;Consciousness</source>
        <translation>ہوش کی حالت</translation>
    </message>
    <message>
        <location filename="../consultation/vitals_panel.py" line="119"/>
        <source>On &amp;oxygen</source>
        <translation>آکسیجن پر</translation>
    </message>
    <message>
        <location filename="../consultation/vitals_panel.py" line="121"/>
        <source>Known hypercapnic respiratory failure (SpO₂ target 88–92%)</source>
        <translation>معلوم ہائپرکیپنک سانس کی ناکامی (SpO₂ کا ہدف 88–92%)</translation>
    </message>
    <message>
        <location filename="../consultation/vitals_panel.py" line="123"/>
        <source>&amp;Pregnant</source>
        <translation>حاملہ</translation>
    </message>
    <message>
        <location filename="../consultation/vitals_panel.py" line="125"/>
        <source>&amp;Breastfeeding</source>
        <translation>دودھ پلانے والی</translation>
    </message>
    <message>
        <location filename="../consultation/vitals_panel.py" line="143"/>
        <source>Child under 5: IMCI signs</source>
        <translation>5 سال سے کم عمر بچہ: IMCI علامات</translation>
    </message>
    <message>
        <location filename="../consultation/vitals_panel.py" line="146"/>
        <source>Cough or difficult breathing</source>
        <translation>کھانسی یا سانس میں دشواری</translation>
    </message>
    <message>
        <location filename="../consultation/vitals_panel.py" line="148"/>
        <source>Chest indrawing</source>
        <translation>سانس لیتے وقت پسلیوں کا اندر دھنسنا</translation>
    </message>
    <message>
        <location filename="../consultation/vitals_panel.py" line="150"/>
        <source>Stridor in a calm child</source>
        <translation>پرسکون بچے میں سانس کے ساتھ سیٹی جیسی آواز (اسٹرائیڈر)</translation>
    </message>
    <message>
        <location filename="../consultation/vitals_panel.py" line="154"/>
        <source>Not able to drink or breastfeed</source>
        <translation>پینے یا دودھ پینے کے قابل نہیں</translation>
    </message>
    <message>
        <location filename="../consultation/vitals_panel.py" line="155"/>
        <source>Vomits everything</source>
        <translation>سب کچھ قے کر دیتا ہے</translation>
    </message>
    <message>
        <location filename="../consultation/vitals_panel.py" line="156"/>
        <source>Has had convulsions</source>
        <translation>جھٹکے (دورے) پڑ چکے ہیں</translation>
    </message>
    <message>
        <location filename="../consultation/vitals_panel.py" line="157"/>
        <source>Lethargic or unconscious</source>
        <translation>سست یا بے ہوش</translation>
    </message>
    <message>
        <location filename="../consultation/vitals_panel.py" line="158"/>
        <source>Convulsing now</source>
        <translation>ابھی جھٹکے پڑ رہے ہیں</translation>
    </message>
    <message>
        <location filename="../consultation/vitals_panel.py" line="180"/>
        <source>BMI (calculated):</source>
        <translation>BMI (حساب شدہ):</translation>
    </message>
    <message>
        <location filename="../consultation/vitals_panel.py" line="320"/>
        <source>What to do: %1</source>
        <translation>کیا کریں: %1</translation>
    </message>
    <message>
        <location filename="../consultation/vitals_panel.py" line="331"/>
        <source>high risk</source>
        <translation>زیادہ خطرہ</translation>
    </message>
    <message>
        <location filename="../consultation/vitals_panel.py" line="331"/>
        <source>medium risk</source>
        <translation>درمیانہ خطرہ</translation>
    </message>
    <message>
        <location filename="../consultation/vitals_panel.py" line="332"/>
        <source>low-medium risk: one sign scores 3</source>
        <translation>کم سے درمیانہ خطرہ: ایک علامت کے 3 نمبر</translation>
    </message>
    <message>
        <location filename="../consultation/vitals_panel.py" line="332"/>
        <source>low risk</source>
        <translation>کم خطرہ</translation>
    </message>
    <message>
        <location filename="../consultation/vitals_panel.py" line="333"/>
        <source>NEWS2 %1 — %2</source>
        <translation>NEWS2 %1 — %2</translation>
    </message>
    <message>
        <location filename="../consultation/vitals_panel.py" line="335"/>
        <source>(incomplete: some signs not recorded)</source>
        <translation>(نامکمل: کچھ علامات درج نہیں ہوئیں)</translation>
    </message>
    <message>
        <location filename="../consultation/vitals_panel.py" line="340"/>
        <source>IMCI: %1</source>
        <translation>IMCI: %1</translation>
    </message>
    <message>
        <location filename="../consultation/vitals_panel.py" line="343"/>
        <source>IMCI: more information needed</source>
        <translation>IMCI: مزید معلومات درکار ہیں</translation>
    </message>
    <message>
        <location filename="../consultation/vitals_panel.py" line="349"/>
        <source>MUAC: %1</source>
        <translation>MUAC: %1</translation>
    </message>
    <message>
        <location filename="../consultation/vitals_panel.py" line="352"/>
        <source>MUAC</source>
        <translation>MUAC</translation>
    </message>
    <message>
        <location filename="../consultation/vitals_panel.py" line="359"/>
        <source>If you refer this patient, suggested urgency: %1.</source>
        <translation>اگر آپ اس مریض کو ریفر کریں تو تجویز کردہ فوریت: %1۔</translation>
    </message>
</context>
<context>
    <name>VoiceNoteControl</name>
    <message>
        <location filename="../referral/voice.py" line="71"/>
        <location filename="../referral/voice.py" line="142"/>
        <source>Record voice note</source>
        <translation>صوتی پیغام ریکارڈ کریں</translation>
    </message>
    <message>
        <location filename="../referral/voice.py" line="73"/>
        <source>Start or stop recording (%1)</source>
        <translation>ریکارڈنگ شروع یا بند کریں (%1)</translation>
    </message>
    <message>
        <location filename="../referral/voice.py" line="80"/>
        <source>Microphone level</source>
        <translation>مائیکروفون کی آواز کی سطح</translation>
    </message>
    <message>
        <location filename="../referral/voice.py" line="83"/>
        <source>Listen</source>
        <translation>سن کر دیکھیں</translation>
    </message>
    <message>
        <location filename="../referral/voice.py" line="86"/>
        <location filename="../referral/voice.py" line="150"/>
        <source>Discard</source>
        <translation>مٹا دیں</translation>
    </message>
    <message>
        <location filename="../referral/voice.py" line="133"/>
        <source>No microphone was found on this computer, so voice notes cannot be recorded. Everything else here still works: write instead.</source>
        <translation>اس کمپیوٹر پر کوئی مائیکروفون نہیں ملا، اس لیے صوتی پیغام ریکارڈ نہیں ہو سکتا۔ باقی سب کچھ کام کرتا ہے: لکھ کر بھیجیں۔</translation>
    </message>
    <message>
        <location filename="../referral/voice.py" line="142"/>
        <source>Stop recording</source>
        <translation>ریکارڈنگ بند کریں</translation>
    </message>
    <message>
        <location filename="../referral/voice.py" line="150"/>
        <source>Remove the voice note</source>
        <translation>صوتی پیغام ہٹا دیں</translation>
    </message>
    <message>
        <location filename="../referral/voice.py" line="168"/>
        <source>Recording… speak now. Press Stop (or %1) when you have finished; at most 3 minutes.</source>
        <translation>ریکارڈنگ جاری ہے… اب بولیں۔ بات ختم ہونے پر بند کریں دبائیں (یا %1)؛ زیادہ سے زیادہ 3 منٹ۔</translation>
    </message>
    <message>
        <location filename="../referral/voice.py" line="184"/>
        <source>Voice note recorded (%1). Listen to it, then attach it or discard it.</source>
        <translation>صوتی پیغام ریکارڈ ہو گیا (%1)۔ اسے سنیں، پھر لگائیں یا مٹا دیں۔</translation>
    </message>
    <message>
        <location filename="../referral/voice.py" line="204"/>
        <source>The 3-minute limit was reached: the note was stopped there. Listen to it, then attach it or discard it.</source>
        <translation>3 منٹ کی حد پوری ہو گئی: ریکارڈنگ وہیں رک گئی۔ اسے سنیں، پھر لگائیں یا مٹا دیں۔</translation>
    </message>
    <message>
        <location filename="../referral/voice.py" line="209"/>
        <source>No microphone could be used, so no voice note can be recorded. Check the microphone in Settings. Everything else here still works: write your question instead.</source>
        <translation>کوئی مائیکروفون استعمال نہیں ہو سکا، اس لیے صوتی پیغام ریکارڈ نہیں ہو سکتا۔ ترتیبات میں مائیکروفون دیکھیں۔ باقی سب کچھ کام کرتا ہے: اپنا سوال لکھ دیں۔</translation>
    </message>
    <message>
        <location filename="../referral/voice.py" line="228"/>
        <source>No speaker or headset could be used to play the note. Check the speaker in Settings.</source>
        <translation>پیغام سنانے کے لیے کوئی اسپیکر یا ہیڈسیٹ استعمال نہیں ہو سکا۔ ترتیبات میں اسپیکر دیکھیں۔</translation>
    </message>
    <message>
        <location filename="../referral/voice.py" line="239"/>
        <source>The voice note was discarded.</source>
        <translation>صوتی پیغام مٹا دیا گیا۔</translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <location filename="../printing.py" line="76"/>
        <source>Save as PDF</source>
        <translation>PDF کے طور پر محفوظ کریں</translation>
    </message>
</context>
<context>
    <name>station</name>
    <message>
        <location filename="../station_strings.py" line="114"/>
        <source>This correction has already been sent to the hub or referred, so it stays. Sign it when it is right.</source>
        <translation>یہ تصحیح ہب کو بھیجی جا چکی ہے یا ریفر ہو چکی ہے، اس لیے رہے گی۔ درست ہونے پر دستخط کریں۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="87"/>
        <source>Only a correction that is not signed can be discarded.</source>
        <translation>صرف وہ تصحیح ختم کی جا سکتی ہے جس پر دستخط نہیں ہوئے۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="10"/>
        <source>, </source>
        <translation>، </translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="11"/>
        <source>1 account</source>
        <translation>ایک اکاؤنٹ</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="12"/>
        <source>1 day</source>
        <translation>ایک دن</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="13"/>
        <source>1 hour</source>
        <translation>ایک گھنٹہ</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="14"/>
        <source>1 minute</source>
        <translation>ایک منٹ</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="15"/>
        <source>1 month</source>
        <translation>1 مہینہ</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="16"/>
        <source>1 month old</source>
        <translation>1 ماہ کا</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="17"/>
        <source>1 second</source>
        <translation>ایک سیکنڈ</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="18"/>
        <source>1 year</source>
        <translation>1 سال</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="19"/>
        <source>1 year old</source>
        <translation>1 سال کا</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="20"/>
        <source>A reference list is empty. Reinstall the program.</source>
        <translation>ایک حوالہ فہرست خالی ہے۔ پروگرام دوبارہ انسٹال کریں۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="21"/>
        <source>All {pages} pages are intact.</source>
        <translation>تمام {pages} صفحات درست ہیں۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="22"/>
        <source>BMI</source>
        <translation>BMI</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="23"/>
        <source>Breaths were not counted; count them for one full minute.</source>
        <translation>سانسیں نہیں گنی گئیں؛ پورا ایک منٹ گنیں۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="24"/>
        <source>Camera</source>
        <translation>کیمرا</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="25"/>
        <source>Camera and microphone</source>
        <translation>کیمرا اور مائیکروفون</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="26"/>
        <source>Camera check unavailable: the devices could not be listed ({reason}).</source>
        <translation>کیمرے کی جانچ نہیں ہو سکی: آلات کی فہرست نہیں بن سکی ({reason})۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="27"/>
        <source>Camera check unavailable: this program was installed without video consults.</source>
        <translation>کیمرے کی جانچ نہیں ہو سکتی: یہ پروگرام ویڈیو مشاورت کے بغیر انسٹال ہوا ہے۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="28"/>
        <source>Camera, microphone and hub</source>
        <translation>کیمرا، مائیکروفون اور حب</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="29"/>
        <source>Chest indrawing (the lower chest wall goes in when the child breathes in).</source>
        <translation>پسلی چلنا (سانس اندر لیتے وقت سینے کا نچلا حصہ اندر دھنستا ہے)۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="30"/>
        <source>Clock</source>
        <translation>گھڑی</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="31"/>
        <source>Could not be checked ({reason}).</source>
        <translation>جانچ نہیں ہو سکی ({reason})۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="32"/>
        <source>Count the child&apos;s breaths for one full minute while the child is calm: the breathing rate is needed to tell pneumonia from a cough or cold.</source>
        <translation>بچے کے پرسکون ہونے پر اس کی سانسیں پورا ایک منٹ گنیں: نمونیا اور کھانسی یا زکام میں فرق کرنے کے لیے سانس کی رفتار ضروری ہے۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="33"/>
        <source>Danger sign: {sign}.</source>
        <translation>خطرے کی علامت: {sign}۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="34"/>
        <source>Data folder</source>
        <translation>ڈیٹا فولڈر</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="35"/>
        <source>Database</source>
        <translation>ڈیٹا بیس</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="36"/>
        <source>Database integrity</source>
        <translation>ڈیٹا بیس کی درستی</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="37"/>
        <source>Database key</source>
        <translation>ڈیٹا بیس کی چابی</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="38"/>
        <source>Database key and integrity</source>
        <translation>ڈیٹا بیس کی چابی اور درستی</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="39"/>
        <source>Date of birth: “{typed}” is not a date. Write it as DD/MM/YYYY (25/03/2019) or YYYY-MM-DD (2019-03-25), or pick it from the calendar.</source>
        <translation>تاریخ پیدائش: “{typed}” تاریخ نہیں ہے۔ اسے DD/MM/YYYY (25/03/2019) یا YYYY-MM-DD (2019-03-25) کی شکل میں لکھیں، یا کیلنڈر سے چنیں۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="40"/>
        <source>Diastolic blood pressure</source>
        <translation>نیچے والا بلڈ پریشر (ڈائسٹولک)</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="41"/>
        <source>District</source>
        <translation>ضلع</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="42"/>
        <source>Fast breathing: {rate} breaths/min ({threshold} or more is fast for {age_group}).</source>
        <translation>تیز سانس: {rate} سانس فی منٹ ({age_group} کے لیے {threshold} یا زیادہ تیز ہے)۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="43"/>
        <source>Fever: {celsius} °C (37.5 °C or more).</source>
        <translation>بخار: {celsius} °C (‏37.5 °C یا زیادہ)۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="44"/>
        <source>Fonts and translations</source>
        <translation>فونٹ اور ترجمے</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="45"/>
        <source>Heart rate</source>
        <translation>نبض</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="46"/>
        <source>Height</source>
        <translation>قد</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="47"/>
        <source>High risk (NEWS2 {score}). Emergency response: get emergency help now, watch the vital signs continuously and arrange transfer to hospital.</source>
        <translation>زیادہ خطرہ (NEWS2 {score})۔ ہنگامی ردعمل: ابھی ہنگامی مدد بلائیں، اہم علامات پر مسلسل نظر رکھیں اور ہسپتال منتقلی کا انتظام کریں۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="48"/>
        <source>Hub</source>
        <translation>حب</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="49"/>
        <source>IMCI is for children under 5 years (60 months); this child is {months} months old. Use the checks for older children and adults.</source>
        <translation>IMCI پانچ سال (60 ماہ) سے کم عمر بچوں کے لیے ہے؛ یہ بچہ {months} ماہ کا ہے۔ بڑے بچوں اور بالغوں والی جانچ استعمال کریں۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="50"/>
        <source>IMCI: {classification}. {detail}</source>
        <translation>IMCI: {classification}۔ {detail}</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="51"/>
        <source>IMCI: {classification}. {reasons} {action}</source>
        <translation>IMCI: {classification}۔ {reasons} {action}</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="52"/>
        <source>Incomplete: {names} not recorded, so the score may be higher.</source>
        <translation>نامکمل: {names} درج نہیں، اس لیے اسکور زیادہ ہو سکتا ہے۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="53"/>
        <source>Key file</source>
        <translation>چابیوں کی فائل</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="54"/>
        <source>Low body temperature: {celsius} °C (below 35.5 °C).</source>
        <translation>جسم کا درجہ حرارت کم: {celsius} °C (‏35.5 °C سے کم)۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="55"/>
        <source>Low oxygen: SpO₂ {spo2}% (below {limit}%).</source>
        <translation>آکسیجن کم: SpO₂ {spo2}% ({limit}% سے کم)۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="56"/>
        <source>Low risk (NEWS2 0). Continue routine care; observe at least every 12 hours while under care.</source>
        <translation>کم خطرہ (NEWS2 0)۔ معمول کی دیکھ بھال جاری رکھیں؛ زیرِ علاج رہنے تک کم از کم ہر 12 گھنٹے بعد معائنہ کریں۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="57"/>
        <source>Low risk (NEWS2 {score}). A nurse or clinician should assess the patient and decide whether to observe more often (at least every 4 to 6 hours) or escalate care.</source>
        <translation>کم خطرہ (NEWS2 {score})۔ نرس یا معالج مریض کا جائزہ لے اور فیصلہ کرے کہ زیادہ بار معائنہ کیا جائے (کم از کم ہر 4 سے 6 گھنٹے) یا علاج بڑھایا جائے۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="58"/>
        <source>Low-medium risk (NEWS2 {score}, but {threes} scores 3). Urgent ward-based response: a clinician must assess the patient now and decide whether care must be escalated; repeat the observations at least every hour.</source>
        <translation>کم سے درمیانہ خطرہ (NEWS2 {score}، لیکن {threes} کا اسکور 3 ہے)۔ فوری ردعمل: معالج ابھی مریض کا جائزہ لے اور فیصلہ کرے کہ علاج بڑھانا ہے یا نہیں؛ کم از کم ہر گھنٹے علامات دوبارہ لیں۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="59"/>
        <source>MUAC has no single cut-off for children aged 5 to 17 years: use BMI-for-age instead (MUAC cut-offs here are for children 6 to 59 months, pregnant or breastfeeding women, and adults).</source>
        <translation>5 سے 17 سال کے بچوں کے لیے MUAC کی کوئی ایک حد نہیں: اس کے بجائے عمر کے لحاظ سے BMI استعمال کریں (یہاں MUAC کی حدیں 6 سے 59 ماہ کے بچوں، حاملہ یا دودھ پلانے والی خواتین اور بالغوں کے لیے ہیں)۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="60"/>
        <source>MUAC is not used to judge nutrition in infants under 6 months: check breastfeeding, weight gain and weight-for-length instead.</source>
        <translation>6 ماہ سے کم عمر بچوں کی غذائیت MUAC سے نہیں جانچی جاتی: اس کے بجائے ماں کا دودھ پینا، وزن میں اضافہ اور قد کے لحاظ سے وزن دیکھیں۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="61"/>
        <source>MUAC {cm} cm: {label}.</source>
        <translation>MUAC {cm} cm: {label}۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="62"/>
        <source>MUAC {shown} cm is 12.5 cm or more: no acute malnutrition (green).</source>
        <translation>MUAC {shown} cm ہے، یعنی 12.5 cm یا زیادہ: شدید غذائی کمی نہیں (سبز)۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="63"/>
        <source>MUAC {shown} cm is 23 cm or more: not at risk of undernutrition by MUAC (green).</source>
        <translation>MUAC {shown} cm ہے، یعنی 23 cm یا زیادہ: MUAC کے مطابق غذائی کمی کا خطرہ نہیں (سبز)۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="64"/>
        <source>MUAC {shown} cm is below 11.5 cm: severe acute malnutrition (red). Check for medical complications and danger signs, test the appetite, and refer the child to a nutrition programme (OTP) or, with complications, to hospital.</source>
        <translation>MUAC {shown} cm ہے، یعنی 11.5 cm سے کم: شدید غذائی کمی (سرخ)۔ طبی پیچیدگیاں اور خطرے کی علامات دیکھیں، بھوک کا ٹیسٹ کریں، اور بچے کو غذائیت پروگرام (OTP) یا پیچیدگی ہو تو ہسپتال ریفر کریں۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="65"/>
        <source>MUAC {shown} cm is below 23 cm: at risk of undernutrition (yellow). Assess diet and weight, give nutrition counselling, and refer to a nutrition programme if one is available.</source>
        <translation>MUAC {shown} cm ہے، یعنی 23 cm سے کم: غذائی کمی کا خطرہ (پیلا)۔ خوراک اور وزن کا جائزہ لیں، غذائیت کے بارے میں مشورہ دیں، اور اگر غذائیت پروگرام موجود ہو تو ریفر کریں۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="66"/>
        <source>MUAC {shown} cm is from 11.5 up to 12.5 cm: moderate acute malnutrition (yellow). Give feeding advice, refer to a supplementary feeding programme and measure again in 2 weeks.</source>
        <translation>MUAC {shown} cm ہے، یعنی 11.5 سے 12.5 cm تک: درمیانی غذائی کمی (پیلا)۔ خوراک کا مشورہ دیں، اضافی خوراک کے پروگرام میں ریفر کریں اور 2 ہفتے بعد دوبارہ ناپیں۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="67"/>
        <source>MUAC: {label}. {message}</source>
        <translation>MUAC: {label}۔ {message}</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="68"/>
        <source>Medium risk (NEWS2 {score}). Urgent response: a clinician skilled in acute illness must assess the patient now; repeat the observations at least every hour where the patient can be monitored, and consider referral.</source>
        <translation>درمیانہ خطرہ (NEWS2 {score})۔ فوری ردعمل: شدید بیماری کا تجربہ رکھنے والا معالج ابھی مریض کا جائزہ لے؛ جہاں نگرانی ممکن ہو کم از کم ہر گھنٹے علامات دوبارہ لیں، اور ریفرل پر غور کریں۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="69"/>
        <source>Microphone</source>
        <translation>مائیکروفون</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="70"/>
        <source>Mid-upper arm circumference (MUAC)</source>
        <translation>بازو کا درمیانی گھیر (MUAC)</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="71"/>
        <source>NEWS2 is not meant for pregnant women (their normal signs differ): use an obstetric early warning chart and seek obstetric advice for abnormal signs.</source>
        <translation>NEWS2 حاملہ خواتین کے لیے نہیں (ان کی معمول کی علامات مختلف ہوتی ہیں): زچگی کا ابتدائی انتباہی چارٹ استعمال کریں اور غیر معمولی علامات پر ماہرِ زچگی سے مشورہ لیں۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="72"/>
        <source>NEWS2 is only for adults aged 16 and over, and this patient is {age}. For a child under 5 use the IMCI danger signs and breathing checks; for older children use a paediatric early warning chart.</source>
        <translation>NEWS2 صرف 16 سال اور اس سے زیادہ عمر کے بالغوں کے لیے ہے، اور یہ مریض {age} ہے۔ پانچ سال سے کم بچے کے لیے IMCI کی خطرے کی علامات اور سانس کی جانچ استعمال کریں؛ بڑے بچوں کے لیے بچوں کا ابتدائی انتباہی چارٹ۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="73"/>
        <source>NEWS2 needs the patient&apos;s age because it is only for adults aged 16 and over: enter the date of birth or an estimated age.</source>
        <translation>NEWS2 کے لیے مریض کی عمر ضروری ہے کیونکہ یہ صرف 16 سال اور اس سے زیادہ عمر کے بالغوں کے لیے ہے: تاریخ پیدائش یا اندازاً عمر درج کریں۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="74"/>
        <source>NEWS2 {score} ({band}).</source>
        <translation>NEWS2 {score} ({band})۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="75"/>
        <source>NEWS2 {score} ({band}): {threes} scores 3.</source>
        <translation>NEWS2 {score} ({band}): {threes} کا اسکور 3 ہے۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="76"/>
        <source>NEWS2 {score}: {response}</source>
        <translation>NEWS2 {score}: {response}</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="77"/>
        <source>No antibiotic is needed. Soothe the throat and relieve the cough with a safe remedy. Tell the caregiver to come back at once if the child cannot drink, becomes sicker, or breathes fast or with difficulty; see the child again in 5 days if not improving.</source>
        <translation>اینٹی بائیوٹک کی ضرورت نہیں۔ کسی محفوظ گھریلو علاج سے گلے کو آرام دیں اور کھانسی کم کریں۔ دیکھ بھال کرنے والے کو بتائیں کہ اگر بچہ پی نہ سکے، زیادہ بیمار ہو جائے، یا تیز یا مشکل سے سانس لے تو فوراً واپس آئیں؛ بہتری نہ ہو تو 5 دن بعد دوبارہ دکھائیں۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="78"/>
        <source>No clinical check was recorded.</source>
        <translation>کوئی طبی جانچ درج نہیں کی گئی۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="79"/>
        <source>No danger sign, no chest indrawing, breathing {rate} breaths/min (below {threshold}, not fast for {age_group}).</source>
        <translation>خطرے کی کوئی علامت نہیں، پسلی نہیں چلتی، سانس {rate} فی منٹ ({threshold} سے کم، {age_group} کے لیے تیز نہیں)۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="80"/>
        <source>No general danger sign.</source>
        <translation>خطرے کی کوئی عمومی علامت نہیں۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="81"/>
        <source>No general danger sign. Go on to assess the child&apos;s main symptoms with the IMCI chart.</source>
        <translation>خطرے کی کوئی عمومی علامت نہیں۔ IMCI چارٹ کے مطابق بچے کی اہم علامات کا جائزہ جاری رکھیں۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="82"/>
        <source>No sign of very severe disease. Advise breastfeeding often and keeping the infant warm. Tell the caregiver to come back at once if the infant feeds poorly, breathes fast or with difficulty, has a fever, feels cold, or moves only when stimulated.</source>
        <translation>بہت شدید بیماری کی کوئی علامت نہیں۔ بار بار دودھ پلانے اور بچے کو گرم رکھنے کا مشورہ دیں۔ دیکھ بھال کرنے والے کو بتائیں کہ اگر بچہ ٹھیک سے دودھ نہ پیے، تیز یا مشکل سے سانس لے، بخار ہو، ٹھنڈا لگے، یا صرف ہلانے پر حرکت کرے تو فوراً واپس آئیں۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="83"/>
        <source>None found: {without}. Plug one in and check again.</source>
        <translation>کوئی نہیں ملا: {without}۔ ایک لگائیں اور دوبارہ جانچیں۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="84"/>
        <source>Not checked: the station&apos;s network part is not running.</source>
        <translation>جانچ نہیں ہوئی: اسٹیشن کا نیٹ ورک والا حصہ نہیں چل رہا۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="85"/>
        <source>Not checked: this part is not installed with this program.</source>
        <translation>جانچ نہیں ہوئی: یہ حصہ اس پروگرام کے ساتھ انسٹال نہیں ہے۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="86"/>
        <source>Not checked: {how}.</source>
        <translation>جانچ نہیں ہوئی: {how}۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="88"/>
        <source>Oxygen saturation (SpO₂)</source>
        <translation>خون میں آکسیجن (SpO₂)</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="89"/>
        <source>Photo {name} has not reached the hub yet: {reason} It is tried again at every sync.</source>
        <translation>تصویر {name} ابھی حب تک نہیں پہنچی: {reason} ہر سنک پر اسے دوبارہ بھیجنے کی کوشش ہوتی ہے۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="90"/>
        <source>Photo {name} was refused by the hub: {reason}</source>
        <translation>حب نے تصویر {name} قبول نہیں کی: {reason}</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="91"/>
        <source>Records still sync in the right order, but dates shown and printed may be wrong: set the correct date and time in the computer&apos;s settings.</source>
        <translation>ریکارڈ پھر بھی صحیح ترتیب سے سنک ہوتے ہیں، لیکن دکھائی اور چھاپی گئی تاریخیں غلط ہو سکتی ہیں: کمپیوٹر کی سیٹنگز میں صحیح تاریخ اور وقت لگائیں۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="92"/>
        <source>Refer URGENTLY to hospital. Before the child leaves, give the pre-referral treatment in the IMCI chart (first dose of an antibiotic; oxygen if available and SpO₂ is below 90 %) and keep the child warm.</source>
        <translation>فوری طور پر ہسپتال ریفر کریں۔ بچے کے جانے سے پہلے IMCI چارٹ کے مطابق ریفرل سے پہلے کا علاج دیں (اینٹی بائیوٹک کی پہلی خوراک؛ اگر دستیاب ہو اور SpO₂ ‏90% سے کم ہو تو آکسیجن) اور بچے کو گرم رکھیں۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="93"/>
        <source>Refer URGENTLY to hospital. Before the infant leaves, give the pre-referral treatment in the IMCI chart (first dose of antibiotics, prevent low blood sugar with breast milk or sugar water), keep the infant warm skin-to-skin, and advise breastfeeding on the way.</source>
        <translation>فوری طور پر ہسپتال ریفر کریں۔ بچے کے جانے سے پہلے IMCI چارٹ کے مطابق ریفرل سے پہلے کا علاج دیں (اینٹی بائیوٹک کی پہلی خوراک، ماں کے دودھ یا چینی کے پانی سے خون میں شکر کم ہونے سے بچائیں)، بچے کو ماں کی جلد سے لگا کر گرم رکھیں، اور راستے میں دودھ پلانے کا مشورہ دیں۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="94"/>
        <source>Refer now as an emergency, after the first treatment.</source>
        <translation>ابتدائی علاج کے بعد فوراً ہنگامی طور پر ریفر کریں۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="95"/>
        <source>Refer: the patient needs a doctor or specialist within a day.</source>
        <translation>ریفر کریں — مریض کو ایک دن کے اندر ڈاکٹر یا ماہر کو دکھانا ضروری ہے۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="96"/>
        <source>Reference lists</source>
        <translation>حوالہ فہرستیں</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="97"/>
        <source>Respiratory rate</source>
        <translation>سانس کی رفتار</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="98"/>
        <source>Score incomplete: {names} not recorded, so the score counts only the signs that were recorded and may be too low. Record the missing signs. {text}</source>
        <translation>اسکور نامکمل: {names} درج نہیں، اس لیے اسکور صرف درج شدہ علامات کو گنتا ہے اور کم ہو سکتا ہے۔ باقی علامات درج کریں۔ {text}</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="99"/>
        <source>Stridor (a harsh noise breathing in) while the child is calm.</source>
        <translation>پرسکون حالت میں سانس اندر لیتے وقت سخت آواز (اسٹرائیڈر)۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="100"/>
        <source>Systolic blood pressure</source>
        <translation>اوپر والا بلڈ پریشر (سسٹولک)</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="101"/>
        <source>Temperature</source>
        <translation>درجہ حرارت</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="102"/>
        <source>The database file is there and encrypted.</source>
        <translation>ڈیٹا بیس فائل موجود ہے اور خفیہ (انکرپٹڈ) ہے۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="103"/>
        <source>The database is damaged: {problems}. Make no more changes; restore it from the latest backup.</source>
        <translation>ڈیٹا بیس خراب ہے: {problems}۔ مزید کوئی تبدیلی نہ کریں؛ تازہ ترین بیک اپ سے بحال کریں۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="104"/>
        <source>The disk is full: free space on {folder} ({needed} MB needed). Until then saving records and backups fails; nothing saved so far was lost.</source>
        <translation>ڈسک بھر چکی ہے: {folder} والی ڈسک پر جگہ خالی کریں ({needed} MB درکار)۔ تب تک ریکارڈ اور بیک اپ محفوظ نہیں ہو سکتے؛ اب تک محفوظ کیا گیا کچھ بھی ضائع نہیں ہوا۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="105"/>
        <source>The disk is full: free space on {folder} ({needed} MB needed); nothing was lost.</source>
        <translation>ڈسک بھر چکی ہے: {folder} والی ڈسک پر جگہ خالی کریں ({needed} MB درکار)؛ کچھ بھی ضائع نہیں ہوا۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="110"/>
        <source>The station database in {folder} could not be read ({reason}).</source>
        <translation>{folder} میں اسٹیشن کا ڈیٹا بیس پڑھا نہیں جا سکا ({reason})۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="106"/>
        <source>The hub refused this referral: {reason}</source>
        <translation>حب نے یہ ریفرل قبول نہیں کیا: {reason}</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="107"/>
        <source>The key does not open the database ({reason}). Restore the data folder from the latest backup.</source>
        <translation>چابی سے ڈیٹا بیس نہیں کھلتا ({reason})۔ تازہ ترین بیک اپ سے ڈیٹا فولڈر بحال کریں۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="108"/>
        <source>The key opens the database of station {station} (schema version {version}).</source>
        <translation>چابی سے اسٹیشن {station} کا ڈیٹا بیس کھلتا ہے (اسکیما ورژن {version})۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="109"/>
        <source>The medicines, diagnoses or vital-sign lists cannot be read ({reason}). Reinstall the program.</source>
        <translation>دواؤں، تشخیصوں یا وائٹل سائنز کی فہرستیں پڑھی نہیں جا سکتیں ({reason})۔ پروگرام دوبارہ انسٹال کریں۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="111"/>
        <source>The station database {path} is missing. Restore the data folder from the latest backup.</source>
        <translation>اسٹیشن کا ڈیٹا بیس {path} موجود نہیں۔ تازہ ترین بیک اپ سے ڈیٹا فولڈر بحال کریں۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="112"/>
        <source>This computer&apos;s clock is {span} ahead of the hub&apos;s. {advice}</source>
        <translation>اس کمپیوٹر کی گھڑی حب کی گھڑی سے {span} آگے ہے۔ {advice}</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="113"/>
        <source>This computer&apos;s clock is {span} behind the hub&apos;s. {advice}</source>
        <translation>اس کمپیوٹر کی گھڑی حب کی گھڑی سے {span} پیچھے ہے۔ {advice}</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="115"/>
        <source>This station is not connected to a hub yet; it works offline. An administrator connects it with the code from the hub administrator.</source>
        <translation>یہ اسٹیشن ابھی کسی حب سے منسلک نہیں؛ یہ آف لائن کام کرتا ہے۔ ایڈمنسٹریٹر اسے حب ایڈمنسٹریٹر کے دیے گئے کوڈ سے منسلک کرتا ہے۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="116"/>
        <source>This user account cannot write in {folder} ({reason}). Give it write permission, or run the station as the account that set it up.</source>
        <translation>یہ یوزر اکاؤنٹ {folder} میں لکھ نہیں سکتا ({reason})۔ اسے لکھنے کی اجازت دیں، یا اسٹیشن اسی اکاؤنٹ سے چلائیں جس نے اسے سیٹ اپ کیا تھا۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="117"/>
        <source>Treat at the clinic and give home-care advice.</source>
        <translation>مرکز صحت پر علاج کریں اور گھر پر دیکھ بھال کا مشورہ دیں۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="118"/>
        <source>Treat at the clinic and see the patient again for follow-up.</source>
        <translation>مرکز صحت پر علاج کریں اور مریض کو دوبارہ معائنے کے لیے بلائیں۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="119"/>
        <source>Treat at the clinic: give oral amoxicillin as in the IMCI chart, soothe the throat and relieve the cough with a safe remedy, and see the child again in 3 days. Tell the caregiver to come back at once if the child cannot drink, becomes sicker or breathes with difficulty.</source>
        <translation>کلینک پر علاج کریں: IMCI چارٹ کے مطابق منہ سے اموکسیسلن دیں، کسی محفوظ گھریلو علاج سے گلے کو آرام دیں اور کھانسی کم کریں، اور 3 دن بعد بچے کو دوبارہ دیکھیں۔ دیکھ بھال کرنے والے کو بتائیں کہ اگر بچہ پی نہ سکے، زیادہ بیمار ہو جائے یا مشکل سے سانس لے تو فوراً واپس آئیں۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="120"/>
        <source>Village</source>
        <translation>گاؤں</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="121"/>
        <source>Weight</source>
        <translation>وزن</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="122"/>
        <source>Whose name is it: choose father or husband.</source>
        <translation>یہ کس کا نام ہے: والد یا شوہر چنیں۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="123"/>
        <source>Within {span} of the hub&apos;s clock.</source>
        <translation>حب کی گھڑی سے {span} کے اندر۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="124"/>
        <source>a child 12 months up to 5 years</source>
        <translation>12 ماہ سے 5 سال تک کا بچہ</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="125"/>
        <source>a child 2 up to 12 months</source>
        <translation>2 سے 12 ماہ تک کا بچہ</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="126"/>
        <source>about {years} years</source>
        <translation>تقریباً {years} سال</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="127"/>
        <source>age unknown</source>
        <translation>عمر معلوم نہیں</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="128"/>
        <source>air or oxygen</source>
        <translation>ہوا یا آکسیجن</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="129"/>
        <source>an infant under 2 months</source>
        <translation>2 ماہ سے کم عمر بچہ</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="130"/>
        <source>at risk of undernutrition</source>
        <translation>غذائی کمی کا خطرہ</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="131"/>
        <source>between {low} and {high}</source>
        <translation>{low} اور {high} کے درمیان</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="132"/>
        <source>child of {name}</source>
        <translation>اولاد {name}</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="133"/>
        <source>consciousness</source>
        <translation>ہوش</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="134"/>
        <source>convulsing now</source>
        <translation>ابھی جھٹکے لگ رہے ہیں</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="135"/>
        <source>cough or cold</source>
        <translation>کھانسی یا زکام</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="136"/>
        <source>daughter of {name}</source>
        <translation>دختر {name}</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="137"/>
        <source>district</source>
        <translation>ضلع</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="138"/>
        <source>father or husband: {name}</source>
        <translation>والد یا شوہر: {name}</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="139"/>
        <source>has had convulsions</source>
        <translation>جھٹکے لگ چکے ہیں</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="140"/>
        <source>high risk</source>
        <translation>زیادہ خطرہ</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="141"/>
        <source>lethargic or unconscious</source>
        <translation>سست یا بے ہوش</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="142"/>
        <source>low risk</source>
        <translation>کم خطرہ</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="143"/>
        <source>low-medium risk</source>
        <translation>کم سے درمیانہ خطرہ</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="144"/>
        <source>medium risk</source>
        <translation>درمیانہ خطرہ</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="145"/>
        <source>moderate acute malnutrition</source>
        <translation>درمیانی غذائی کمی</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="146"/>
        <source>no acute malnutrition</source>
        <translation>شدید غذائی کمی نہیں</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="147"/>
        <source>no general danger sign</source>
        <translation>خطرے کی کوئی عمومی علامت نہیں</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="148"/>
        <source>no undernutrition by MUAC</source>
        <translation>MUAC کے مطابق غذائی کمی نہیں</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="149"/>
        <source>not able to drink or breastfeed</source>
        <translation>پینے یا دودھ پینے کے قابل نہیں</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="150"/>
        <source>oxygen saturation (SpO₂)</source>
        <translation>آکسیجن کی مقدار (SpO₂)</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="151"/>
        <source>pneumonia</source>
        <translation>نمونیا</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="152"/>
        <source>pulse</source>
        <translation>نبض</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="153"/>
        <source>respiration rate</source>
        <translation>سانس کی رفتار</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="154"/>
        <source>severe acute malnutrition</source>
        <translation>شدید غذائی کمی</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="155"/>
        <source>severe pneumonia or very severe disease</source>
        <translation>شدید نمونیا یا بہت شدید بیماری</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="156"/>
        <source>sign in to check the database and the hub</source>
        <translation>ڈیٹا بیس اور حب کی جانچ کے لیے سائن ان کریں</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="157"/>
        <source>son of {name}</source>
        <translation>ولد {name}</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="158"/>
        <source>systolic blood pressure</source>
        <translation>سسٹولک بلڈ پریشر</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="159"/>
        <source>temperature</source>
        <translation>درجہ حرارت</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="160"/>
        <source>the disk is full; free space, then check again</source>
        <translation>ڈسک بھر چکی ہے؛ جگہ خالی کریں، پھر دوبارہ جانچیں</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="161"/>
        <source>very severe disease</source>
        <translation>بہت شدید بیماری</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="162"/>
        <source>video consults need one to be heard</source>
        <translation>ویڈیو مشاورت میں آواز پہنچانے کے لیے ایک ضروری ہے</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="163"/>
        <source>video consults will be audio-only</source>
        <translation>ویڈیو مشاورت صرف آواز کی ہوگی</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="164"/>
        <source>village or area</source>
        <translation>گاؤں یا علاقے</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="165"/>
        <source>vomits everything</source>
        <translation>سب کچھ قے کر دیتا ہے</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="166"/>
        <source>weight {weight} kg and height {height} cm</source>
        <translation>وزن {weight} kg اور قد {height} cm</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="167"/>
        <source>wife of {name}</source>
        <translation>زوجہ {name}</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="168"/>
        <source>{accounts} can sign in, but no recovery key is set: a forgotten administrator password could not be reset.</source>
        <translation>{accounts} سائن ان کر سکتے ہیں، لیکن ریکوری کی مقرر نہیں: ایڈمنسٹریٹر کا بھولا ہوا پاس ورڈ دوبارہ سیٹ نہیں ہو سکے گا۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="169"/>
        <source>{accounts} can sign in; a recovery key is set.</source>
        <translation>{accounts} سائن ان کر سکتے ہیں؛ ریکوری کی مقرر ہے۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="170"/>
        <source>{count} accounts</source>
        <translation>{count} اکاؤنٹ</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="171"/>
        <source>{count} found ({names}).</source>
        <translation>{count} ملے ({names})۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="172"/>
        <source>{folder} does not exist. Set up the station first (the first-run wizard, or &apos;telestation init&apos;).</source>
        <translation>{folder} موجود نہیں۔ پہلے اسٹیشن سیٹ اپ کریں (پہلی بار چلانے والا وزرڈ، یا &apos;telestation init&apos;)۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="173"/>
        <source>{folder} is writable, but only {free} is free on its disk. Free some space soon.</source>
        <translation>{folder} میں لکھا جا سکتا ہے، لیکن اس کی ڈسک پر صرف {free} خالی ہے۔ جلد کچھ جگہ خالی کریں۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="174"/>
        <source>{folder} is writable; {free} free.</source>
        <translation>{folder} میں لکھا جا سکتا ہے؛ {free} خالی۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="175"/>
        <source>{hub} answers but refuses this station: {reason}</source>
        <translation>{hub} جواب دیتا ہے لیکن اس اسٹیشن کو قبول نہیں کرتا: {reason}</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="176"/>
        <source>{hub} answers in {seconds} s and accepts this station.</source>
        <translation>{hub} {seconds} سیکنڈ میں جواب دیتا ہے اور اس اسٹیشن کو قبول کرتا ہے۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="177"/>
        <source>{hub} answers the time but not a signed request: {reason}</source>
        <translation>{hub} وقت بتاتا ہے لیکن دستخط شدہ درخواست کا جواب نہیں دیتا: {reason}</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="178"/>
        <source>{hub} did not answer: {reason}</source>
        <translation>{hub} نے جواب نہیں دیا: {reason}</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="179"/>
        <source>{items} and {last}</source>
        <translation>{items} اور {last}</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="180"/>
        <source>{label} &quot;{shown}&quot; is not a number: enter a number {bounds}.</source>
        <translation>{label} &quot;{shown}&quot; عدد نہیں ہے: {bounds} کوئی عدد لکھیں۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="181"/>
        <source>{label} {bmi} from {basis} is not possible (it must be {bounds}): check the weight and the height.</source>
        <translation>{basis} سے {label} {bmi} ممکن نہیں (یہ {bounds} ہونا چاہیے): وزن اور قد دوبارہ دیکھیں۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="182"/>
        <source>{label} {diastolic} must be lower than the systolic {systolic}: check both readings.</source>
        <translation>{label} {diastolic} اوپر والے {systolic} سے کم ہونا چاہیے: دونوں ریڈنگ دوبارہ دیکھیں۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="183"/>
        <source>{label} {shown} looks like metres (= {cm} cm). Enter the height in cm, {bounds}.</source>
        <translation>{label} {shown} میٹر میں لگتا ہے (= {cm} cm)۔ قد سینٹی میٹر میں لکھیں، {bounds}۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="184"/>
        <source>{label} {shown} looks like °F (= {celsius} °C). Enter the temperature in °C, {bounds}.</source>
        <translation>{label} {shown} فارن ہائیٹ (°F) میں لگتا ہے (= {celsius} °C)۔ درجہ حرارت سینٹی گریڈ (°C) میں لکھیں، {bounds}۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="185"/>
        <source>{label} {typed} does not match {basis} (= {bmi}): leave BMI empty to have it calculated, or check the weight and the height.</source>
        <translation>{label} {typed} {basis} سے میل نہیں کھاتا (= {bmi}): BMI خالی چھوڑ دیں تاکہ خود حساب ہو، یا وزن اور قد دوبارہ دیکھیں۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="186"/>
        <source>{label} {value} is not possible: enter a value {bounds}.</source>
        <translation>{label} {value} ممکن نہیں: {bounds} کوئی قدر لکھیں۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="187"/>
        <source>{label} {value} is not possible: enter a value {bounds}. If you weighed in grams, {shown} g = {kg} kg.</source>
        <translation>{label} {value} ممکن نہیں: {bounds} کوئی قدر لکھیں۔ اگر آپ نے گرام میں تولا ہے تو {shown} g = {kg} kg۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="188"/>
        <source>{label}: “{value}” looks like a phone number. Type the name of the {place}; the phone number goes in Phone.</source>
        <translation>{label}: “{value}” فون نمبر لگتا ہے۔ {place} کا نام لکھیں؛ فون نمبر “فون” کے خانے میں جاتا ہے۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="189"/>
        <source>{medicines} medicines, {diagnoses} diagnoses, {ranges} vital signs.</source>
        <translation>{medicines} دوائیں، {diagnoses} تشخیصیں، {ranges} وائٹل سائنز۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="190"/>
        <source>{months} months old</source>
        <translation>{months} ماہ کا</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="191"/>
        <source>{n} days</source>
        <translation>{n} دن</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="192"/>
        <source>{n} hours</source>
        <translation>{n} گھنٹے</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="193"/>
        <source>{n} minutes</source>
        <translation>{n} منٹ</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="194"/>
        <source>{n} months</source>
        <translation>{n} مہینے</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="195"/>
        <source>{n} seconds</source>
        <translation>{n} سیکنڈ</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="196"/>
        <source>{n} years</source>
        <translation>{n} سال</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="197"/>
        <source>{path} is not encrypted: patient records would be readable by anyone with the file. Ask your supervisor before using this station.</source>
        <translation>{path} خفیہ (انکرپٹڈ) نہیں: فائل رکھنے والا کوئی بھی مریضوں کے ریکارڈ پڑھ سکے گا۔ یہ اسٹیشن استعمال کرنے سے پہلے اپنے سپروائزر سے پوچھیں۔</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="198"/>
        <source>{years} years</source>
        <translation>{years} سال</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="199"/>
        <source>{years} years 1 month</source>
        <translation>{years} سال 1 مہینہ</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="200"/>
        <source>{years} years old</source>
        <translation>{years} سال کا</translation>
    </message>
    <message>
        <location filename="../station_strings.py" line="201"/>
        <source>{years} years {months} months</source>
        <translation>{years} سال {months} مہینے</translation>
    </message>
</context>
</TS>
