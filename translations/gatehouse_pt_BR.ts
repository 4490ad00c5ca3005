<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR">
<context>
    <name>gatehouse::console::MainWindow</name>
    <message>
        <source>Gatehouse Console</source>
        <translation>Console do Gatehouse</translation>
    </message>
    <message>
        <source>Gatehouse operations console</source>
        <translation>Console de operações do Gatehouse</translation>
    </message>
    <message>
        <source>Connect to a gateway&apos;s admin API to see service health, routes and alerts.</source>
        <translation>Conecte-se à API de administração de um gateway para ver a saúde dos serviços, as rotas e os alertas.</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Desconectado</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Arquivo</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Sair</translation>
    </message>
</context>
</TS>
