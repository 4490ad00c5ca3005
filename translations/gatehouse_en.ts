<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>gatehouse::console::MainWindow</name>
    <message>
        <source>Gatehouse Console</source>
        <translation>Gatehouse Console</translation>
    </message>
    <message>
        <source>Gatehouse operations console</source>
        <translation>Gatehouse operations console</translation>
    </message>
    <message>
        <source>Connect to a gateway&apos;s admin API to see service health, routes and alerts.</source>
        <translation>Connect to a gateway&apos;s admin API to see service health, routes and alerts.</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Not connected</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
</context>
</TS>
