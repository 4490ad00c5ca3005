<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR">
<context>
    <name>Presentation</name>
    <message>
        <source>Critical</source>
        <translation>Crítico</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Alerta</translation>
    </message>
    <message>
        <source>Healthy</source>
        <translation>Saudável</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Desconhecido</translation>
    </message>
    <message>
        <source>Firing</source>
        <translation>Disparado</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Pendente</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Resolvido</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>5xx ratio</source>
        <translation>Taxa de 5xx</translation>
    </message>
    <message>
        <source>Gateway failures (502/503/504)</source>
        <translation>Falhas no gateway (502/503/504)</translation>
    </message>
    <message>
        <source>p99 latency</source>
        <translation>Latência p99</translation>
    </message>
    <message>
        <source>Healthy destinations</source>
        <translation>Destinos saudáveis</translation>
    </message>
    <message>
        <source>Shadow mismatches</source>
        <translation>Divergências em modo sombra</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>critical</source>
        <translation>crítico</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>alerta</translation>
    </message>
    <message>
        <source>The share of requests the gateway had to answer itself because the service could not: refused or reset connections, time-outs, no healthy destination.</source>
        <translation>A fração das requisições que o gateway teve de responder ele mesmo porque o serviço não conseguiu: conexões recusadas ou interrompidas, tempo esgotado, nenhum destino saudável.</translation>
    </message>
    <message>
        <source>How long the slowest 1 % of requests take, compared with the service&apos;s timeout: near the timeout, requests start failing with 504.</source>
        <translation>Quanto demora o 1 % mais lento das requisições, comparado com o tempo limite do serviço: perto do limite, as requisições começam a falhar com 504.</translation>
    </message>
    <message>
        <source>How many of the service&apos;s instances pass their health checks. Traffic goes only to healthy ones.</source>
        <translation>Quantas instâncias do serviço passam nas verificações de saúde. O tráfego vai apenas para as saudáveis.</translation>
    </message>
    <message>
        <source>A filter in shadow mode would have decided differently from the backend: denied what it served, or allowed what it refused.</source>
        <translation>Um filtro em modo sombra teria decidido diferente do backend: negado o que ele atendeu, ou permitido o que ele recusou.</translation>
    </message>
    <message>
        <source>Open the service&apos;s recent 5xx requests in the trail; check its latest deploy and its own logs.</source>
        <translation>Abra as requisições 5xx recentes do serviço na trilha; verifique o último deploy e os logs do próprio serviço.</translation>
    </message>
    <message>
        <source>Check the destinations table below: which instances fail their checks, and since when. Then the service&apos;s capacity and network.</source>
        <translation>Veja a tabela de destinos abaixo: quais instâncias falham nas verificações, e desde quando. Depois, a capacidade e a rede do serviço.</translation>
    </message>
    <message>
        <source>Look for slow dependencies of the service (database, downstream calls) and for saturation; compare p50 with p99 to tell a general slowdown from a slow few.</source>
        <translation>Procure dependências lentas do serviço (banco de dados, chamadas a outros serviços) e saturação; compare p50 com p99 para distinguir uma lentidão geral de poucas requisições lentas.</translation>
    </message>
    <message>
        <source>Look at the failing instances&apos; last check result; restart or replace them, or check the health endpoint itself.</source>
        <translation>Veja o resultado da última verificação das instâncias com falha; reinicie-as ou substitua-as, ou verifique o próprio endpoint de saúde.</translation>
    </message>
    <message>
        <source>Open the trail for the service filtered to shadow mismatches before switching the filter to enforce.</source>
        <translation>Abra a trilha do serviço filtrada pelas divergências em modo sombra antes de passar o filtro para o modo efetivo.</translation>
    </message>
    <message>
        <source>No data</source>
        <translation>Sem dados</translation>
    </message>
    <message>
        <source>Firing, no traffic to judge</source>
        <translation>Disparado, sem tráfego para avaliar</translation>
    </message>
    <message>
        <source>Resolved: no traffic</source>
        <translation>Resolvido: sem tráfego</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message numerus="yes">
        <source>%n s</source>
        <translation>
            <numerusform>%n s</numerusform>
            <numerusform>%n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 d %2 h</translation>
    </message>
    <message>
        <source>exact</source>
        <translation>exato</translation>
    </message>
    <message>
        <source>with parameters</source>
        <translation>com parâmetros</translation>
    </message>
    <message>
        <source>wildcard</source>
        <translation>curinga</translation>
    </message>
    <message>
        <source>allowed</source>
        <translation>permitido</translation>
    </message>
    <message>
        <source>denied</source>
        <translation>negado</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>ignorado</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>falhou</translation>
    </message>
    <message>
        <source>full paths before wildcards</source>
        <translation>caminhos completos antes de curingas</translation>
    </message>
    <message>
        <source>more constraints (hosts, methods) first</source>
        <translation>mais restrições (hosts, métodos) primeiro</translation>
    </message>
    <message>
        <source>exact paths before parameters</source>
        <translation>caminhos exatos antes de parâmetros</translation>
    </message>
    <message>
        <source>longer paths first</source>
        <translation>caminhos mais longos primeiro</translation>
    </message>
    <message>
        <source>tie broken by service name and position</source>
        <translation>empate decidido pelo nome do serviço e pela posição</translation>
    </message>
    <message>
        <source>switched a default filter off</source>
        <translation>desligou um filtro padrão</translation>
    </message>
    <message>
        <source>switched a default filter on</source>
        <translation>ligou um filtro padrão</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sim</translation>
    </message>
    <message>
        <source>no</source>
        <translation>não</translation>
    </message>
    <message>
        <source>reason</source>
        <translation>motivo</translation>
    </message>
    <message>
        <source>enabled</source>
        <translation>ligado</translation>
    </message>
    <message>
        <source>filter</source>
        <translation>filtro</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Flapping destination</source>
        <translation>Destino oscilando</translation>
    </message>
    <message>
        <source>The share of requests the service itself answered with a 5xx status. The gateway&apos;s own 502/503/504 are not in it: they are gateway failures.</source>
        <translation>A parcela de requisições que o próprio serviço respondeu com status 5xx. Os 502/503/504 do próprio gateway não entram: são falhas do gateway.</translation>
    </message>
    <message>
        <source>An instance keeps changing between healthy and unhealthy: requests to it fail now and then, and each ejection moves its traffic onto the others.</source>
        <translation>Uma instância alterna entre saudável e não saudável: requisições a ela falham de vez em quando, e cada ejeção desloca o tráfego dela para as outras.</translation>
    </message>
    <message>
        <source>Read the instance&apos;s health history below for the failing check&apos;s result: a crash loop, a health check near its timeout, or a dependency that fails now and then.</source>
        <translation>Leia abaixo o histórico de saúde da instância para ver o resultado da verificação que falha: um ciclo de falhas, uma verificação perto do seu tempo limite ou uma dependência que falha de vez em quando.</translation>
    </message>
</context>
<context>
    <name>gatehouse::console::AdminClient</name>
    <message>
        <source>%1 is unreachable: %2</source>
        <translation>%1 está inacessível: %2</translation>
    </message>
    <message>
        <source>HTTP %1: %2</source>
        <translation>HTTP %1: %2</translation>
    </message>
    <message>
        <source>unexpected answer: %1</source>
        <translation>resposta inesperada: %1</translation>
    </message>
    <message>
        <source>services</source>
        <translation>serviços</translation>
    </message>
    <message>
        <source>service %1</source>
        <translation>serviço %1</translation>
    </message>
    <message>
        <source>series of %1</source>
        <translation>séries de %1</translation>
    </message>
    <message>
        <source>thresholds</source>
        <translation>limites</translation>
    </message>
    <message>
        <source>alerts</source>
        <translation>alertas</translation>
    </message>
    <message>
        <source>identity</source>
        <translation>identidade</translation>
    </message>
    <message>
        <source>security filters</source>
        <translation>filtros de segurança</translation>
    </message>
    <message>
        <source>audit log</source>
        <translation>registro de auditoria</translation>
    </message>
    <message>
        <source>routing table</source>
        <translation>tabela de rotas</translation>
    </message>
    <message>
        <source>explanation</source>
        <translation>explicação</translation>
    </message>
    <message>
        <source>trail</source>
        <translation>trilha</translation>
    </message>
    <message>
        <source>trail summary</source>
        <translation>resumo da trilha</translation>
    </message>
    <message>
        <source>%1 did not answer within %2 s</source>
        <translation>%1 não respondeu em %2 s</translation>
    </message>
    <message>
        <source>%1 does not look like a Gatehouse admin API (HTTP 404 for %2)</source>
        <translation>%1 não parece ser uma API de administração do Gatehouse (HTTP 404 para %2)</translation>
    </message>
    <message>
        <source>change of %1</source>
        <translation>alteração de %1</translation>
    </message>
    <message>
        <source>no PEM certificate could be read from %1</source>
        <translation>nenhum certificado PEM pôde ser lido de %1</translation>
    </message>
    <message>
        <source>changes</source>
        <translation>mudanças</translation>
    </message>
    <message>
        <source>acknowledgement of %1</source>
        <translation>reconhecimento de %1</translation>
    </message>
    <message>
        <source>The collector</source>
        <translation>O coletor</translation>
    </message>
    <message>
        <source>The gateway</source>
        <translation>O gateway</translation>
    </message>
    <message>
        <source>%1 refused the token (HTTP %2): %3</source>
        <translation>%1 recusou o token (HTTP %2): %3</translation>
    </message>
    <message>
        <source>%1 does not look like a Gatehouse route collector (HTTP 404 for %2)</source>
        <translation>%1 não parece um coletor de rotas do Gatehouse (HTTP 404 para %2)</translation>
    </message>
    <message>
        <source>alerts are acknowledged on the gateway that raised them: connect to it</source>
        <translation>alertas são reconhecidos no gateway que os disparou: conecte-se a ele</translation>
    </message>
    <message>
        <source>gateways</source>
        <translation>gateways</translation>
    </message>
</context>
<context>
    <name>gatehouse::console::AlertsModel</name>
    <message>
        <source>What to check first: %1</source>
        <translation>O que verificar primeiro: %1</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Gravidade</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Serviço</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Limite</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Desde</translation>
    </message>
    <message>
        <source>What it means</source>
        <translation>O que significa</translation>
    </message>
    <message>
        <source>%1, resolved %2</source>
        <translation>%1, resolvido às %2</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Duração</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Reconhecido</translation>
    </message>
    <message>
        <source>this gateway</source>
        <translation>este gateway</translation>
    </message>
    <message>
        <source>Gateway</source>
        <translation>Gateway</translation>
    </message>
</context>
<context>
    <name>gatehouse::console::AlertsPage</name>
    <message>
        <source>Select an alert to see what it means and what to check first.</source>
        <translation>Selecione um alerta para ver o que ele significa e o que verificar primeiro.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Alerts&lt;/b&gt; — firing first; double-click opens the service at that time</source>
        <translation>&lt;b&gt;Alertas&lt;/b&gt; — disparados primeiro; um clique duplo abre o serviço naquele momento</translation>
    </message>
    <message>
        <source>Requests behind this alert</source>
        <translation>Requisições por trás deste alerta</translation>
    </message>
    <message>
        <source>Acknowledge…</source>
        <translation>Reconhecer…</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>Reconhecer</translation>
    </message>
    <message>
        <source>What are you doing about %1 — %2? (everyone sees it; audited)</source>
        <translation>O que você está fazendo sobre %1 — %2? (todos veem; auditado)</translation>
    </message>
    <message>
        <source>An acknowledgement needs a note; nothing was sent.</source>
        <translation>Um reconhecimento precisa de uma nota; nada foi enviado.</translation>
    </message>
    <message>
        <source>No alerts. Services without traffic cannot fire any: see the fleet&apos;s &apos;No data&apos;.</source>
        <translation>Nenhum alerta. Serviços sem tráfego não disparam nenhum: veja &apos;Sem dados&apos; na frota.</translation>
    </message>
    <message>
        <source>%1 %2 (%3)</source>
        <translation>%1 %2 (%3)</translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;b&gt;Acknowledged&lt;/b&gt; by %1 at %2: %3</source>
        <translation>&lt;br&gt;&lt;b&gt;Reconhecido&lt;/b&gt; por %1 às %2: %3</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 — %2 (%3)&lt;/b&gt;&lt;br&gt;%4&lt;br&gt;&lt;b&gt;What to check first:&lt;/b&gt; %5%6&lt;br&gt;&lt;b&gt;History:&lt;/b&gt; %7</source>
        <translation>&lt;b&gt;%1 — %2 (%3)&lt;/b&gt;&lt;br&gt;%4&lt;br&gt;&lt;b&gt;O que verificar primeiro:&lt;/b&gt; %5%6&lt;br&gt;&lt;b&gt;Histórico:&lt;/b&gt; %7</translation>
    </message>
    <message>
        <source>none recorded</source>
        <translation>nada registrado</translation>
    </message>
    <message>
        <source>&amp;Alerts</source>
        <translation>&amp;Alertas</translation>
    </message>
    <message>
        <source>Alerts are acknowledged on the gateway that raised them: connect to that gateway</source>
        <translation>Alertas são reconhecidos no gateway que os disparou: conecte-se a esse gateway</translation>
    </message>
</context>
<context>
    <name>gatehouse::console::AuditModel</name>
    <message>
        <source>When</source>
        <translation>Quando</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Quem</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Papel</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Ação</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Alvo</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detalhe</translation>
    </message>
</context>
<context>
    <name>gatehouse::console::CandidatesModel</name>
    <message>
        <source>wins</source>
        <translation>vence</translation>
    </message>
    <message>
        <source>matches, outranked</source>
        <translation>casa, mas perde na precedência</translation>
    </message>
    <message>
        <source>other host</source>
        <translation>outro host</translation>
    </message>
    <message>
        <source>other method</source>
        <translation>outro método</translation>
    </message>
    <message>
        <source>other path</source>
        <translation>outro caminho</translation>
    </message>
    <message>
        <source>#</source>
        <translation>nº</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Serviço</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Caminho</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Veredito</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Por quê</translation>
    </message>
    <message>
        <source>step %1: %2</source>
        <translation>passo %1: %2</translation>
    </message>
    <message>
        <source>Decided by</source>
        <translation>Decidido por</translation>
    </message>
</context>
<context>
    <name>gatehouse::console::CollectorClient</name>
    <message>
        <source>404 (no route)</source>
        <translation>404 (sem rota)</translation>
    </message>
    <message>
        <source>hint: %1</source>
        <translation>dica: %1</translation>
    </message>
    <message>
        <source>%1 moves from #%2 to #%3</source>
        <translation>%1 passa de nº %2 para nº %3</translation>
    </message>
    <message>
        <source>(any host)</source>
        <translation>(qualquer host)</translation>
    </message>
    <message>
        <source>the collector is unreachable: %1</source>
        <translation>o coletor está inacessível: %1</translation>
    </message>
</context>
<context>
    <name>gatehouse::console::ConnectDialog</name>
    <message>
        <source>Profile</source>
        <translation>Perfil</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>https: the CA certificate file (PEM); empty: the system&apos;s</source>
        <translation>https: o arquivo do certificado da CA (PEM); vazio: os do sistema</translation>
    </message>
    <message>
        <source>CA file</source>
        <translation>Arquivo da CA</translation>
    </message>
    <message>
        <source>Connect to a gateway or a fleet</source>
        <translation>Conectar a um gateway ou a uma frota</translation>
    </message>
    <message>
        <source>One gateway (its admin API)</source>
        <translation>Um gateway (sua API de administração)</translation>
    </message>
    <message>
        <source>Fleet (a route collector: every gateway)</source>
        <translation>Frota (um coletor de rotas: todos os gateways)</translation>
    </message>
    <message>
        <source>a gateway&apos;s admin token, or a collector token</source>
        <translation>o token de administração de um gateway, ou um token do coletor</translation>
    </message>
    <message>
        <source>Connect to</source>
        <translation>Conectar a</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Profiles remember a URL and its token (in this user&apos;s settings).</source>
        <translation>Perfis guardam uma URL e seu token (nas configurações deste usuário).</translation>
    </message>
</context>
<context>
    <name>gatehouse::console::ConnectionBanner</name>
    <message>
        <source>Retry now</source>
        <translation>Tentar agora</translation>
    </message>
    <message>
        <source>Connection…</source>
        <translation>Conexão…</translation>
    </message>
    <message>
        <source>%1 — retrying every %2 s; the data below is from the last successful refresh.</source>
        <translation>%1 — nova tentativa a cada %2 s; os dados abaixo são da última atualização bem-sucedida.</translation>
    </message>
</context>
<context>
    <name>gatehouse::console::DestinationsModel</name>
    <message>
        <source>Healthy</source>
        <translation>Saudável</translation>
    </message>
    <message>
        <source>Unhealthy</source>
        <translation>Com falha</translation>
    </message>
    <message>
        <source>not checked yet</source>
        <translation>ainda não verificado</translation>
    </message>
    <message>
        <source>Destination</source>
        <translation>Destino</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Saúde</translation>
    </message>
    <message>
        <source>Last check result</source>
        <translation>Resultado da última verificação</translation>
    </message>
    <message>
        <source>Checked</source>
        <translation>Verificado em</translation>
    </message>
    <message>
        <source>Failures in a row</source>
        <translation>Falhas seguidas</translation>
    </message>
    <message>
        <source>Successes in a row</source>
        <translation>Sucessos seguidos</translation>
    </message>
    <message>
        <source>Flapping (healthy now)</source>
        <translation>Oscilando (saudável agora)</translation>
    </message>
    <message>
        <source>Flapping (unhealthy now)</source>
        <translation>Oscilando (não saudável agora)</translation>
    </message>
    <message>
        <source>since the gateway started</source>
        <translation>desde que o gateway iniciou</translation>
    </message>
    <message>
        <source>%1 (%2 ago)</source>
        <translation>%1 (há %2)</translation>
    </message>
    <message>
        <source>no changes</source>
        <translation>sem mudanças</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s), last: %1</source>
        <translation>
            <numerusform>%n mudança, última: %1</numerusform>
            <numerusform>%n mudanças, última: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Desde</translation>
    </message>
    <message>
        <source>Health history</source>
        <translation>Histórico de saúde</translation>
    </message>
    <message>
        <source>%1  %2  %3</source>
        <translation>%1  %2  %3</translation>
    </message>
    <message>
        <source>healthy</source>
        <translation>saudável</translation>
    </message>
    <message>
        <source>unhealthy</source>
        <translation>não saudável</translation>
    </message>
    <message>
        <source>Checked by</source>
        <translation>Verificado por</translation>
    </message>
</context>
<context>
    <name>gatehouse::console::FilterSwitchesModel</name>
    <message>
        <source>after the service</source>
        <translation>depois do serviço</translation>
    </message>
    <message>
        <source>before the service</source>
        <translation>antes do serviço</translation>
    </message>
    <message>
        <source>On</source>
        <translation>Ligado</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Desligado</translation>
    </message>
    <message>
        <source>never changed</source>
        <translation>nunca alterado</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>Filtro</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Executa</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Last changed by</source>
        <translation>Última alteração por</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Quando</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Por quê</translation>
    </message>
    <message>
        <source>Runs on: %1</source>
        <translation>Em execução em: %1</translation>
    </message>
    <message>
        <source>Not yet on: %1</source>
        <translation>Ainda não em: %1</translation>
    </message>
    <message>
        <source>this gateway</source>
        <translation>este gateway</translation>
    </message>
    <message numerus="yes">
        <source>on %1 of %n gateway(s)</source>
        <translation>
            <numerusform>em %1 de %n gateway</numerusform>
            <numerusform>em %1 de %n gateways</numerusform>
        </translation>
    </message>
    <message>
        <source>Applied</source>
        <translation>Aplicado</translation>
    </message>
    <message>
        <source>No live gateway has it in its default_filters: switching it changes nothing yet</source>
        <translation>Nenhum gateway ativo o tem em seus default_filters: mudar a chave ainda não altera nada</translation>
    </message>
    <message>
        <source>In the default_filters of: %1</source>
        <translation>Nos default_filters de: %1</translation>
    </message>
    <message>
        <source>on no gateway</source>
        <translation>em nenhum gateway</translation>
    </message>
    <message>
        <source>on every gateway</source>
        <translation>em todos os gateways</translation>
    </message>
    <message>
        <source>on %1 of %2 gateways</source>
        <translation>em %1 de %2 gateways</translation>
    </message>
</context>
<context>
    <name>gatehouse::console::FleetModel</name>
    <message>
        <source>Every metric within its thresholds</source>
        <translation>Todas as métricas dentro dos limites</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Situação</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Serviço</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Por quê</translation>
    </message>
    <message>
        <source>p99</source>
        <translation>p99</translation>
    </message>
    <message numerus="yes">
        <source>Too little traffic to judge: %n request(s) in the window</source>
        <translation>
            <numerusform>Tráfego insuficiente para avaliar: %n requisição na janela</numerusform>
            <numerusform>Tráfego insuficiente para avaliar: %n requisições na janela</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>too little traffic to judge (%n request(s))</source>
        <translation>
            <numerusform>tráfego insuficiente para avaliar (%n requisição)</numerusform>
            <numerusform>tráfego insuficiente para avaliar (%n requisições)</numerusform>
        </translation>
    </message>
    <message>
        <source>no traffic</source>
        <translation>sem tráfego</translation>
    </message>
    <message numerus="yes">
        <source>%1, %n flapping</source>
        <translation>
            <numerusform>%1, %n oscilando</numerusform>
            <numerusform>%1, %n oscilando</numerusform>
        </translation>
    </message>
    <message>
        <source>Over the thresholds&apos; window: the last %1; ratios are judged once it holds enough requests.</source>
        <translation>Na janela dos limites: os últimos %1; as taxas são avaliadas quando ela tem requisições suficientes.</translation>
    </message>
    <message>
        <source>Requests/s</source>
        <translation>Requisições/s</translation>
    </message>
    <message>
        <source>Service 5xx</source>
        <translation>5xx do serviço</translation>
    </message>
    <message>
        <source>502/503/504 the gateway answered itself because the service did not. </source>
        <translation>502/503/504 que o gateway respondeu porque o serviço não respondeu. </translation>
    </message>
    <message>
        <source>5xx the service answered itself. </source>
        <translation>5xx que o próprio serviço respondeu. </translation>
    </message>
    <message>
        <source>Gateway 5xx</source>
        <translation>5xx do gateway</translation>
    </message>
    <message>
        <source>Healthy
destinations</source>
        <translation>Destinos
saudáveis</translation>
    </message>
    <message>
        <source>Firing
alerts</source>
        <translation>Alertas
disparados</translation>
    </message>
    <message>
        <source>The last 5 minutes in 10 s buckets: %1 requests (blue), %2 errors (magenta: the service&apos;s 5xx and the gateway&apos;s 502/503/504)</source>
        <translation>Os últimos 5 minutos em intervalos de 10 s: %1 requisições (azul), %2 erros (magenta: os 5xx do serviço e os 502/503/504 do gateway)</translation>
    </message>
    <message>
        <source>Last 5 min</source>
        <translation>Últimos 5 min</translation>
    </message>
    <message>
        <source>%1: %2 of %3 healthy</source>
        <translation>%1: %2 de %3 saudáveis</translation>
    </message>
    <message>
        <source>Checked by each gateway; an instance counts once per gateway that checks it.
%1</source>
        <translation>Verificados por cada gateway; uma instância conta uma vez por gateway que a verifica.
%1</translation>
    </message>
</context>
<context>
    <name>gatehouse::console::FleetPage</name>
    <message>
        <source>Filter services by name (Ctrl+F); arrow keys and Enter open one</source>
        <translation>Filtrar serviços por nome (Ctrl+F); setas e Enter abrem um</translation>
    </message>
    <message>
        <source>Worst first</source>
        <translation>Piores primeiro</translation>
    </message>
    <message>
        <source>By name (stable)</source>
        <translation>Por nome (estável)</translation>
    </message>
    <message>
        <source>Most traffic first</source>
        <translation>Mais tráfego primeiro</translation>
    </message>
    <message>
        <source>Order held while the pointer is over the list</source>
        <translation>Ordem mantida enquanto o ponteiro está sobre a lista</translation>
    </message>
    <message>
        <source>&lt;b&gt;Fleet&lt;/b&gt; — every service</source>
        <translation>&lt;b&gt;Frota&lt;/b&gt; — todos os serviços</translation>
    </message>
    <message>
        <source>Order:</source>
        <translation>Ordem:</translation>
    </message>
    <message>
        <source>&amp;Fleet</source>
        <translation>&amp;Frota</translation>
    </message>
</context>
<context>
    <name>gatehouse::console::GatewaysModel</name>
    <message>
        <source>collector</source>
        <translation>coletor</translation>
    </message>
    <message>
        <source>last known good</source>
        <translation>última versão válida</translation>
    </message>
    <message>
        <source>its own file</source>
        <translation>seu próprio arquivo</translation>
    </message>
    <message>
        <source>advertises no admin URL: the fleet&apos;s views cannot read it</source>
        <translation>não anuncia URL de administração: as visões da frota não conseguem lê-lo</translation>
    </message>
    <message>
        <source>polled %1 ago</source>
        <translation>consultou há %1</translation>
    </message>
    <message>
        <source>silent for %1 (lost after %2)</source>
        <translation>em silêncio há %1 (perdido após %2)</translation>
    </message>
    <message>
        <source>the collector publishes v%1</source>
        <translation>o coletor publica a v%1</translation>
    </message>
    <message>
        <source>not yet applied: %1</source>
        <translation>ainda não aplicado: %1</translation>
    </message>
    <message>
        <source>live</source>
        <translation>ativo</translation>
    </message>
    <message>
        <source>lost</source>
        <translation>perdido</translation>
    </message>
    <message>
        <source>v%1 (behind)</source>
        <translation>v%1 (atrasado)</translation>
    </message>
    <message>
        <source>v%1</source>
        <translation>v%1</translation>
    </message>
    <message>
        <source>all applied</source>
        <translation>todos aplicados</translation>
    </message>
    <message numerus="yes">
        <source>%n pending</source>
        <translation>
            <numerusform>%n pendente</numerusform>
            <numerusform>%n pendentes</numerusform>
        </translation>
    </message>
    <message>
        <source>Gateway</source>
        <translation>Gateway</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Versão</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Tabela</translation>
    </message>
    <message>
        <source>Table from</source>
        <translation>Tabela de</translation>
    </message>
    <message>
        <source>Staleness</source>
        <translation>Defasagem</translation>
    </message>
    <message>
        <source>Last poll</source>
        <translation>Última consulta</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Requisições</translation>
    </message>
    <message>
        <source>Service 5xx</source>
        <translation>5xx do serviço</translation>
    </message>
    <message>
        <source>Gateway 502/503/504</source>
        <translation>502/503/504 do gateway</translation>
    </message>
    <message>
        <source>Switches</source>
        <translation>Chaves</translation>
    </message>
</context>
<context>
    <name>gatehouse::console::GatewaysPage</name>
    <message>
        <source>Connected to one gateway. A route collector knows every gateway that follows it: connect to the collector (File &gt; Connect, &quot;Fleet&quot;) to see them all here.</source>
        <translation>Conectado a um gateway. Um coletor de rotas conhece todos os gateways que o seguem: conecte-se ao coletor (Arquivo &gt; Conectar, &quot;Frota&quot;) para ver todos aqui.</translation>
    </message>
    <message numerus="yes">
        <source>%n live</source>
        <translation>
            <numerusform>%n ativo</numerusform>
            <numerusform>%n ativos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n lost</source>
        <translation>
            <numerusform>%n perdido</numerusform>
            <numerusform>%n perdidos</numerusform>
        </translation>
    </message>
    <message>
        <source>the collector publishes table v%1</source>
        <translation>o coletor publica a tabela v%1</translation>
    </message>
    <message numerus="yes">
        <source>%n live gateway(s) behind it</source>
        <translation>
            <numerusform>%n gateway ativo atrasado</numerusform>
            <numerusform>%n gateways ativos atrasados</numerusform>
        </translation>
    </message>
    <message>
        <source>a gateway silent for %1 is lost</source>
        <translation>um gateway em silêncio por %1 é perdido</translation>
    </message>
    <message>
        <source>&amp;Gateways</source>
        <translation>&amp;Gateways</translation>
    </message>
</context>
<context>
    <name>gatehouse::console::IncidentsPage</name>
    <message>
        <source>service (empty: all)</source>
        <translation>serviço (vazio: todos)</translation>
    </message>
    <message>
        <source>last 15 minutes</source>
        <translation>últimos 15 minutos</translation>
    </message>
    <message>
        <source>last hour</source>
        <translation>última hora</translation>
    </message>
    <message>
        <source>last 6 hours</source>
        <translation>últimas 6 horas</translation>
    </message>
    <message>
        <source>last 24 hours</source>
        <translation>últimas 24 horas</translation>
    </message>
    <message>
        <source>everything kept</source>
        <translation>tudo o que foi guardado</translation>
    </message>
    <message>
        <source>any status</source>
        <translation>qualquer status</translation>
    </message>
    <message>
        <source>%1xx</source>
        <translation>%1xx</translation>
    </message>
    <message>
        <source>ended by, e.g. upstream_timeout</source>
        <translation>terminada por, ex.: upstream_timeout</translation>
    </message>
    <message>
        <source>route, e.g. routes[0].paths[1]</source>
        <translation>rota, ex.: routes[0].paths[1]</translation>
    </message>
    <message>
        <source>user id</source>
        <translation>id do usuário</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Mostrar</translation>
    </message>
    <message>
        <source>Choose a service and a window, then Show.</source>
        <translation>Escolha um serviço e um período, depois Mostrar.</translation>
    </message>
    <message>
        <source>Copy request id</source>
        <translation>Copiar id da requisição</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Exportar CSV…</translation>
    </message>
    <message>
        <source>Export the loaded requests</source>
        <translation>Exportar as requisições carregadas</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>loading…</source>
        <translation>carregando…</translation>
    </message>
    <message>
        <source>more: %1</source>
        <translation>mais: %1</translation>
    </message>
    <message>
        <source>≤ %1: %2</source>
        <translation>≤ %1: %2</translation>
    </message>
    <message>
        <source>&lt;h3&gt;%1 %2 → %3&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;%1 %2 → %3&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Ended:&lt;/b&gt; %1&lt;br&gt;&lt;b&gt;Request id:&lt;/b&gt; %2&lt;br&gt;&lt;b&gt;Service:&lt;/b&gt; %3 %4&lt;br&gt;&lt;b&gt;Destination:&lt;/b&gt; %5&lt;br&gt;&lt;b&gt;Client:&lt;/b&gt; %6 %7&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Terminou:&lt;/b&gt; %1&lt;br&gt;&lt;b&gt;Id da requisição:&lt;/b&gt; %2&lt;br&gt;&lt;b&gt;Serviço:&lt;/b&gt; %3 %4&lt;br&gt;&lt;b&gt;Destino:&lt;/b&gt; %5&lt;br&gt;&lt;b&gt;Cliente:&lt;/b&gt; %6 %7&lt;/p&gt;</translation>
    </message>
    <message>
        <source>none tried</source>
        <translation>nenhum tentado</translation>
    </message>
    <message>
        <source>(user %1)</source>
        <translation>(usuário %1)</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Timings:&lt;/b&gt; total %1 · filters %2 · connect %3 · waiting for the service %4&lt;br&gt;&lt;b&gt;Bytes:&lt;/b&gt; %5 in, %6 out&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Tempos:&lt;/b&gt; total %1 · filtros %2 · conexão %3 · esperando o serviço %4&lt;br&gt;&lt;b&gt;Bytes:&lt;/b&gt; %5 recebidos, %6 enviados&lt;/p&gt;</translation>
    </message>
    <message>
        <source> (shadow)</source>
        <translation> (sombra)</translation>
    </message>
    <message>
        <source>&lt;b&gt;disagrees with the backend&lt;/b&gt;</source>
        <translation>&lt;b&gt;discorda do backend&lt;/b&gt;</translation>
    </message>
    <message>
        <source>cannot write %1</source>
        <translation>não foi possível gravar %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Could not load:&lt;/b&gt; %1 — scroll down to try the next page again, or press Show.</source>
        <translation>&lt;b&gt;Não foi possível carregar:&lt;/b&gt; %1 — role para baixo para tentar a próxima página de novo, ou clique em Mostrar.</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%n request(s).&lt;/b&gt; Status: %1. Ended by: %2.&lt;br&gt;Top routes: %3.&lt;br&gt;Top users: %4. Top clients: %5.&lt;br&gt;Latency: %6.</source>
        <translation>
            <numerusform>&lt;b&gt;%n requisição.&lt;/b&gt; Status: %1. Terminada por: %2.&lt;br&gt;Rotas principais: %3.&lt;br&gt;Usuários principais: %4. Clientes principais: %5.&lt;br&gt;Latência: %6.</numerusform>
            <numerusform>&lt;b&gt;%n requisições.&lt;/b&gt; Status: %1. Terminadas por: %2.&lt;br&gt;Rotas principais: %3.&lt;br&gt;Usuários principais: %4. Clientes principais: %5.&lt;br&gt;Latência: %6.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;p&gt;&lt;b&gt;Filters&lt;/b&gt; (%n shadow mismatch(es))&lt;/p&gt;&lt;table cellspacing=4&gt;</source>
        <translation>
            <numerusform>&lt;p&gt;&lt;b&gt;Filtros&lt;/b&gt; (%n divergência em modo sombra)&lt;/p&gt;&lt;table cellspacing=4&gt;</numerusform>
            <numerusform>&lt;p&gt;&lt;b&gt;Filtros&lt;/b&gt; (%n divergências em modo sombra)&lt;/p&gt;&lt;table cellspacing=4&gt;</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;Incident drill-down&lt;/b&gt; — the requests of a time window, newest first</source>
        <translation>&lt;b&gt;Investigação de incidente&lt;/b&gt; — as requisições de uma janela de tempo, mais recentes primeiro</translation>
    </message>
    <message>
        <source>%1 – %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <source>%1 – now</source>
        <translation>%1 – agora</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1 a %2</translation>
    </message>
    <message>
        <source>now</source>
        <translation>agora</translation>
    </message>
    <message>
        <source>&lt;b&gt;Incident drill-down&lt;/b&gt; — the requests behind an alert, from 10 minutes before it began</source>
        <translation>&lt;b&gt;Investigação de incidente&lt;/b&gt; — as requisições por trás de um alerta, desde 10 minutos antes do seu início</translation>
    </message>
    <message>
        <source>&lt;b&gt;Incident drill-down&lt;/b&gt; — the requests of the range dragged on the chart</source>
        <translation>&lt;b&gt;Investigação de incidente&lt;/b&gt; — as requisições do intervalo arrastado no gráfico</translation>
    </message>
    <message>
        <source>&amp;Incidents</source>
        <translation>&amp;Incidentes</translation>
    </message>
</context>
<context>
    <name>gatehouse::console::MainWindow</name>
    <message>
        <source>Gatehouse Console</source>
        <translation>Console do Gatehouse</translation>
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
    <message>
        <source>Alerts</source>
        <translation>Alertas</translation>
    </message>
    <message>
        <source>Updated %1</source>
        <translation>Atualizado às %1</translation>
    </message>
    <message>
        <source>Could not load %1: %2</source>
        <translation>Não foi possível carregar %1: %2</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Conectando a %1…</translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <translation>Conectado a %1</translation>
    </message>
    <message>
        <source>Unreachable</source>
        <translation>Inacessível</translation>
    </message>
    <message>
        <source>Token refused</source>
        <translation>Token recusado</translation>
    </message>
    <message>
        <source>(%1 firing) %2</source>
        <translation>(%1 disparados) %2</translation>
    </message>
    <message>
        <source>Gatehouse</source>
        <translation>Gatehouse</translation>
    </message>
    <message>
        <source>&amp;Refresh now</source>
        <translation>&amp;Atualizar agora</translation>
    </message>
    <message>
        <source>Refresh &amp;interval…</source>
        <translation>&amp;Intervalo de atualização…</translation>
    </message>
    <message>
        <source>Refresh interval</source>
        <translation>Intervalo de atualização</translation>
    </message>
    <message>
        <source>Seconds between refreshes:</source>
        <translation>Segundos entre atualizações:</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Exibir</translation>
    </message>
    <message>
        <source>Find a service</source>
        <translation>Encontrar um serviço</translation>
    </message>
    <message>
        <source>%1 is on again; recorded in the audit log.</source>
        <translation>%1 está ligado de novo; registrado na auditoria.</translation>
    </message>
    <message>
        <source>%1 is off; recorded in the audit log.</source>
        <translation>%1 está desligado; registrado na auditoria.</translation>
    </message>
    <message>
        <source>The gateway refused to change %1: %2</source>
        <translation>O gateway se recusou a alterar %1: %2</translation>
    </message>
    <message>
        <source>%1 was not changed: %2</source>
        <translation>%1 não foi alterado: %2</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Idioma</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Idioma do sistema</translation>
    </message>
    <message>
        <source>The language changes at the next start of the console.</source>
        <translation>O idioma muda na próxima vez que o console for aberto.</translation>
    </message>
    <message numerus="yes">
        <source>%n alert(s) firing</source>
        <translation>
            <numerusform>%n alerta disparado</numerusform>
            <numerusform>%n alertas disparados</numerusform>
        </translation>
    </message>
    <message>
        <source>[security filter off] %1</source>
        <translation>[filtro de segurança desligado] %1</translation>
    </message>
    <message>
        <source>Default security filter off: %1 — switched off by %2 at %3: &quot;%4&quot;. Every route runs without it until it is back on.</source>
        <translation>Filtro de segurança padrão desligado: %1 — desligado por %2 às %3: &quot;%4&quot;. Todas as rotas funcionam sem ele até que seja religado.</translation>
    </message>
    <message>
        <source>the configuration</source>
        <translation>a configuração</translation>
    </message>
    <message>
        <source>Security filter off: %1</source>
        <translation>Filtro de segurança desligado: %1</translation>
    </message>
    <message>
        <source>critical</source>
        <translation>críticos</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>em alerta</translation>
    </message>
    <message>
        <source>no data</source>
        <translation>sem dados</translation>
    </message>
    <message>
        <source>healthy</source>
        <translation>saudáveis</translation>
    </message>
    <message>
        <source>requests</source>
        <translation>requisições</translation>
    </message>
    <message>
        <source>service 5xx</source>
        <translation>5xx do serviço</translation>
    </message>
    <message>
        <source>gateway 502/503/504</source>
        <translation>502/503/504 do gateway</translation>
    </message>
    <message>
        <source>firing alerts</source>
        <translation>alertas disparados</translation>
    </message>
    <message>
        <source>security filters off</source>
        <translation>filtros de segurança desligados</translation>
    </message>
    <message numerus="yes">
        <source>%n service(s)</source>
        <translation>
            <numerusform>%n serviço</numerusform>
            <numerusform>%n serviços</numerusform>
        </translation>
    </message>
    <message>
        <source>(last %1)</source>
        <translation>(últimos %1)</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Tema</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Seguir o sistema</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Claro</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Escuro</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Aj&amp;uda</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Atalhos de teclado</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Atalhos de teclado</translation>
    </message>
    <message>
        <source>&amp;Colours and states</source>
        <translation>&amp;Cores e estados</translation>
    </message>
    <message>
        <source>Colours and states</source>
        <translation>Cores e estados</translation>
    </message>
    <message>
        <source>in the fleet&apos;s filter box: move through the list and open a service</source>
        <translation>na caixa de filtro da frota: percorrer a lista e abrir um serviço</translation>
    </message>
    <message>
        <source>drag on a chart</source>
        <translation>arrastar num gráfico</translation>
    </message>
    <message>
        <source>the requests of that time range</source>
        <translation>as requisições desse intervalo de tempo</translation>
    </message>
    <message>
        <source>a critical threshold is crossed, or no destination is healthy</source>
        <translation>um limite crítico foi ultrapassado, ou nenhum destino está saudável</translation>
    </message>
    <message>
        <source>a warning threshold is crossed, a destination is down or flapping</source>
        <translation>um limite de alerta foi ultrapassado, um destino caiu ou está oscilando</translation>
    </message>
    <message>
        <source>too little traffic in the window to judge: not known to be healthy</source>
        <translation>tráfego insuficiente na janela para avaliar: não se sabe se está saudável</translation>
    </message>
    <message>
        <source>enough traffic, every metric within its thresholds</source>
        <translation>tráfego suficiente, todas as métricas dentro dos limites</translation>
    </message>
    <message>
        <source>the condition holds, not yet for its &apos;for&apos; time</source>
        <translation>a condição vale, ainda não pelo seu tempo &apos;for&apos;</translation>
    </message>
    <message>
        <source>held long enough: someone should look</source>
        <translation>valeu tempo suficiente: alguém deve olhar</translation>
    </message>
    <message>
        <source>firing, but traffic stopped: silence is not health</source>
        <translation>disparado, mas o tráfego parou: silêncio não é saúde</translation>
    </message>
    <message>
        <source>a whole window without traffic ended it, not evidence</source>
        <translation>uma janela inteira sem tráfego o encerrou, não uma evidência</translation>
    </message>
    <message>
        <source>Chart markers</source>
        <translation>Marcadores dos gráficos</translation>
    </message>
    <message>
        <source>a routing table change (who registered what: hover)</source>
        <translation>uma mudança da tabela de rotas (quem registrou o quê: passe o ponteiro)</translation>
    </message>
    <message>
        <source>a default security filter switched</source>
        <translation>um filtro de segurança padrão foi ligado ou desligado</translation>
    </message>
    <message>
        <source>an alert changed state (its colour: its severity)</source>
        <translation>um alerta mudou de estado (sua cor: sua severidade)</translation>
    </message>
    <message>
        <source>Chart lines use their own colours; red and amber are kept for thresholds and alerts.</source>
        <translation>As linhas dos gráficos têm cores próprias; vermelho e âmbar ficam para limites e alertas.</translation>
    </message>
    <message>
        <source>Acknowledged %1 — %2; everyone sees who is on it.</source>
        <translation>Reconhecido %1 — %2; todos veem quem está cuidando.</translation>
    </message>
    <message>
        <source>%1 was not acknowledged: %2</source>
        <translation>%1 não foi reconhecido: %2</translation>
    </message>
    <message>
        <source>The collector refused to change %1: %2</source>
        <translation>O coletor recusou alterar %1: %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Partial: %1 of %2 gateways answered</source>
        <translation>Parcial: %1 de %2 gateways responderam</translation>
    </message>
    <message>
        <source>%1 of %2 gateways answered</source>
        <translation>%1 de %2 gateways responderam</translation>
    </message>
    <message>
        <source>Every live gateway answered the fleet&apos;s read</source>
        <translation>Todos os gateways ativos responderam à leitura da frota</translation>
    </message>
    <message>
        <source>Not counted: %1</source>
        <translation>Não contados: %1</translation>
    </message>
    <message>
        <source> (fleet)</source>
        <translation> (frota)</translation>
    </message>
    <message>
        <source>&amp;Connect to a gateway or a fleet…</source>
        <translation>&amp;Conectar a um gateway ou a uma frota…</translation>
    </message>
</context>
<context>
    <name>gatehouse::console::RoutesModel</name>
    <message>
        <source>%1 (shadow)</source>
        <translation>%1 (sombra)</translation>
    </message>
    <message>
        <source>%1 %2 of service %3</source>
        <translation>%1 %2 do serviço %3</translation>
    </message>
    <message>
        <source>any</source>
        <translation>qualquer</translation>
    </message>
    <message>
        <source>#</source>
        <translation>nº</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Serviço</translation>
    </message>
    <message>
        <source>Hosts</source>
        <translation>Hosts</translation>
    </message>
    <message>
        <source>Methods</source>
        <translation>Métodos</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Caminho</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Before filters</source>
        <translation>Filtros antes</translation>
    </message>
    <message>
        <source>After filters</source>
        <translation>Filtros depois</translation>
    </message>
    <message>
        <source>Service 5xx</source>
        <translation>5xx do serviço</translation>
    </message>
</context>
<context>
    <name>gatehouse::console::RoutesPage</name>
    <message>
        <source>from the collector (its version %1), not confirmed for %2 s</source>
        <translation>do coletor (versão %1 dele), sem confirmação há %2 s</translation>
    </message>
    <message>
        <source>from the collector (its version %1), current</source>
        <translation>do coletor (versão %1 dele), atual</translation>
    </message>
    <message>
        <source>from the last-known-good copy (collector version %1), %2 s old — the collector is unreachable</source>
        <translation>da última cópia válida (versão %1 do coletor), de %2 s atrás — o coletor está inacessível</translation>
    </message>
    <message>
        <source>from the gateway&apos;s services directory</source>
        <translation>do diretório de serviços do gateway</translation>
    </message>
    <message>
        <source>service</source>
        <translation>serviço</translation>
    </message>
    <message>
        <source>host, e.g. api.example.com</source>
        <translation>host, ex.: api.example.com</translation>
    </message>
    <message>
        <source>path prefix, e.g. /v2/droplets</source>
        <translation>prefixo do caminho, ex.: /v2/droplets</translation>
    </message>
    <message>
        <source>Show routes of</source>
        <translation>Mostrar rotas de</translation>
    </message>
    <message>
        <source>for host</source>
        <translation>para o host</translation>
    </message>
    <message>
        <source>under</source>
        <translation>sob</translation>
    </message>
    <message>
        <source>Which route, and why?</source>
        <translation>Qual rota, e por quê?</translation>
    </message>
    <message>
        <source>also routes whose path does not match</source>
        <translation>também rotas cujo caminho não casa</translation>
    </message>
    <message>
        <source>Test a request</source>
        <translation>Testar uma requisição</translation>
    </message>
    <message>
        <source>Check a service config file…</source>
        <translation>Verificar um arquivo de configuração de serviço…</translation>
    </message>
    <message>
        <source>Problems of a config file appear here, with their JSON paths and hints — the same messages as gatehouse-routes validate and the collector.</source>
        <translation>Os problemas de um arquivo de configuração aparecem aqui, com os caminhos JSON e dicas — as mesmas mensagens do gatehouse-routes validate e do coletor.</translation>
    </message>
    <message>
        <source>Service config</source>
        <translation>Configuração de serviço</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Routing table&lt;/b&gt; v%1, %2 routes, %3 — the first route that matches wins</source>
        <translation>&lt;b&gt;Tabela de rotas&lt;/b&gt; v%1, %2 rotas, %3 — a primeira rota que casa vence</translation>
    </message>
    <message>
        <source>&lt;b&gt;No route matches&lt;/b&gt; %1 %2 %3: the gateway answers 404.</source>
        <translation>&lt;b&gt;Nenhuma rota casa&lt;/b&gt; com %1 %2 %3: o gateway responde 404.</translation>
    </message>
    <message>
        <source> — params: %1</source>
        <translation> — parâmetros: %1</translation>
    </message>
    <message>
        <source>collector URL, e.g. http://127.0.0.1:9700</source>
        <translation>URL do coletor, ex.: http://127.0.0.1:9700</translation>
    </message>
    <message>
        <source>your collector token</source>
        <translation>seu token do coletor</translation>
    </message>
    <message>
        <source>Dry-run it against the collector</source>
        <translation>Fazer dry-run no coletor</translation>
    </message>
    <message>
        <source>Check a config file first: the dry run sends that file.</source>
        <translation>Verifique um arquivo de configuração antes: o dry-run envia esse arquivo.</translation>
    </message>
    <message>
        <source>Give the collector&apos;s URL (and your token), and a readable file.</source>
        <translation>Informe a URL do coletor (e o seu token), e um arquivo legível.</translation>
    </message>
    <message>
        <source>Asking %1 what registering %2 would do…</source>
        <translation>Perguntando a %1 o que o registro de %2 faria…</translation>
    </message>
    <message>
        <source>%1: the collector would accept it. What the table would become:</source>
        <translation>%1: o coletor aceitaria. Como a tabela ficaria:</translation>
    </message>
    <message>
        <source>%1: a takeover — the collector would refuse it.</source>
        <translation>%1: uma tomada de rota — o coletor recusaria.</translation>
    </message>
    <message>
        <source>%1: invalid — the collector would refuse it.</source>
        <translation>%1: inválido — o coletor recusaria.</translation>
    </message>
    <message>
        <source>The collector answered HTTP %1: %2</source>
        <translation>O coletor respondeu HTTP %1: %2</translation>
    </message>
    <message>
        <source>  %1 &apos;%2&apos; is already served by service &apos;%3&apos; (%4)</source>
        <translation>  %1 &apos;%2&apos; já é atendida pelo serviço &apos;%3&apos; (%4)</translation>
    </message>
    <message>
        <source>  requests that would reach another route:</source>
        <translation>  requisições que chegariam a outra rota:</translation>
    </message>
    <message>
        <source>  the routing table would not change</source>
        <translation>  a tabela de rotas não mudaria</translation>
    </message>
    <message>
        <source>&lt;b&gt;#%1 %2&lt;/b&gt; %3 wins%4.</source>
        <translation>&lt;b&gt;nº %1 %2&lt;/b&gt; %3 vence%4.</translation>
    </message>
    <message numerus="yes">
        <source>%n other route(s) match too but come later.</source>
        <translation>
            <numerusform>%n outra rota também casa, mas vem depois.</numerusform>
            <numerusform>%n outras rotas também casam, mas vêm depois.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: valid (%n warning(s)); register it with gatehouse-routes register, or try a dry run first.</source>
        <translation>
            <numerusform>%1: válido (%n aviso); registre com gatehouse-routes register, ou faça antes um dry-run.</numerusform>
            <numerusform>%1: válido (%n avisos); registre com gatehouse-routes register, ou faça antes um dry-run.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n error(s): the collector would refuse this file; fix them and check again.</source>
        <translation>
            <numerusform>%n erro: o coletor recusaria este arquivo; corrija e verifique de novo.</numerusform>
            <numerusform>%n erros: o coletor recusaria este arquivo; corrija-os e verifique de novo.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Routes</source>
        <translation>&amp;Rotas</translation>
    </message>
</context>
<context>
    <name>gatehouse::console::SecurityPage</name>
    <message>
        <source>Switch on or off…</source>
        <translation>Ligar ou desligar…</translation>
    </message>
    <message>
        <source>&lt;b&gt;Security filters&lt;/b&gt; — run on every route by default; switching one off affects every service at once</source>
        <translation>&lt;b&gt;Filtros de segurança&lt;/b&gt; — executam em todas as rotas por padrão; desligar um afeta todos os serviços ao mesmo tempo</translation>
    </message>
    <message>
        <source>&lt;b&gt;Audit log&lt;/b&gt; — every admin change, newest first</source>
        <translation>&lt;b&gt;Registro de auditoria&lt;/b&gt; — todas as alterações administrativas, as mais recentes primeiro</translation>
    </message>
    <message>
        <source>Checking what this token may do…</source>
        <translation>Verificando o que este token pode fazer…</translation>
    </message>
    <message>
        <source>Read-only: the token &apos;%1&apos; has the %2 role. Switching a security filter changes what every service receives, so it needs an admin token; the audit log records who did it.</source>
        <translation>Somente leitura: o token &apos;%1&apos; tem o papel %2. Ligar ou desligar um filtro de segurança muda o que todos os serviços recebem, por isso exige um token de administrador; a auditoria registra quem fez.</translation>
    </message>
    <message>
        <source>Signed in as %1 (admin). A change takes effect on the next request and is recorded in the audit log.</source>
        <translation>Conectado como %1 (admin). Uma alteração vale a partir da próxima requisição e é registrada na auditoria.</translation>
    </message>
    <message>
        <source>Switch %1 off…</source>
        <translation>Desligar %1…</translation>
    </message>
    <message>
        <source>Switch %1 on…</source>
        <translation>Ligar %1…</translation>
    </message>
    <message>
        <source>Why?</source>
        <translation>Por quê?</translation>
    </message>
    <message>
        <source>A change needs a reason; nothing was changed.</source>
        <translation>Uma alteração precisa de um motivo; nada foi alterado.</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>Confirmar</translation>
    </message>
    <message>
        <source>Switch %1 off for every route of every service?

Reason: %2</source>
        <translation>Desligar %1 em todas as rotas de todos os serviços?

Motivo: %2</translation>
    </message>
    <message>
        <source>Switch %1 back on for every route?

Reason: %2</source>
        <translation>Ligar %1 de novo em todas as rotas?

Motivo: %2</translation>
    </message>
    <message>
        <source>Why switch %1 off? (recorded in the audit log)</source>
        <translation>Por que desligar %1? (registrado na auditoria)</translation>
    </message>
    <message>
        <source>Why switch %1 on? (recorded in the audit log)</source>
        <translation>Por que ligar %1? (registrado na auditoria)</translation>
    </message>
    <message>
        <source>Switch off</source>
        <translation>Desligar</translation>
    </message>
    <message>
        <source>Switch on</source>
        <translation>Ligar</translation>
    </message>
    <message>
        <source>Se&amp;curity</source>
        <translation>Se&amp;gurança</translation>
    </message>
    <message>
        <source>Signed in to the collector as %1 (admin). A change reaches every gateway of the fleet within a second; &quot;Applied&quot; follows it until each runs it. It is recorded in the audit log.</source>
        <translation>Conectado ao coletor como %1 (admin). Uma alteração chega a todos os gateways da frota em um segundo; &quot;Aplicado&quot; a acompanha até que cada um a execute. Ela é registrada no log de auditoria.</translation>
    </message>
    <message>
        <source>Switch %1 off for every route on every gateway of the fleet?

Reason: %2</source>
        <translation>Desligar %1 em todas as rotas de todos os gateways da frota?

Motivo: %2</translation>
    </message>
    <message>
        <source>Switch %1 back on for every route on every gateway of the fleet?

Reason: %2</source>
        <translation>Religar %1 em todas as rotas de todos os gateways da frota?

Motivo: %2</translation>
    </message>
</context>
<context>
    <name>gatehouse::console::SeriesChart</name>
    <message>
        <source>Requests per second, by status class</source>
        <translation>Requisições por segundo, por classe de status</translation>
    </message>
    <message>
        <source>Latency p50 / p95 / p99, with the service timeout</source>
        <translation>Latência p50 / p95 / p99, com o tempo limite do serviço</translation>
    </message>
    <message>
        <source>req/s</source>
        <translation>req/s</translation>
    </message>
    <message>
        <source>2xx</source>
        <translation>2xx</translation>
    </message>
    <message>
        <source>3xx</source>
        <translation>3xx</translation>
    </message>
    <message>
        <source>4xx</source>
        <translation>4xx</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>alerta</translation>
    </message>
    <message>
        <source>critical</source>
        <translation>crítico</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>p50</source>
        <translation>p50</translation>
    </message>
    <message>
        <source>p95</source>
        <translation>p95</translation>
    </message>
    <message>
        <source>p99</source>
        <translation>p99</translation>
    </message>
    <message>
        <source>timeout</source>
        <translation>tempo limite</translation>
    </message>
    <message>
        <source>Answered by the gateway per second, by cause</source>
        <translation>Respondidas pelo gateway por segundo, por causa</translation>
    </message>
    <message>
        <source>504 time-out</source>
        <translation>504 tempo esgotado</translation>
    </message>
    <message>
        <source>502 refused, reset, bad answer</source>
        <translation>502 recusada, interrompida, resposta inválida</translation>
    </message>
    <message>
        <source>503 no healthy destination</source>
        <translation>503 nenhum destino saudável</translation>
    </message>
    <message>
        <source>The service&apos;s own 5xx ratio, with its warning and critical bands</source>
        <translation>Taxa de 5xx do próprio serviço, com suas faixas de alerta e crítica</translation>
    </message>
    <message>
        <source>5xx (service and gateway)</source>
        <translation>5xx (serviço e gateway)</translation>
    </message>
    <message>
        <source>service&apos;s own 5xx ratio</source>
        <translation>taxa de 5xx do próprio serviço</translation>
    </message>
    <message>
        <source>Latency p50 / p95 / p99 (timeout %1, far above)</source>
        <translation>Latência p50 / p95 / p99 (tempo limite %1, muito acima)</translation>
    </message>
</context>
<context>
    <name>gatehouse::console::ServiceGatewaysModel</name>
    <message>
        <source>%1 of %2 healthy</source>
        <translation>%1 de %2 saudáveis</translation>
    </message>
    <message>
        <source>Gateway</source>
        <translation>Gateway</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>Taxa</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Requisições</translation>
    </message>
    <message>
        <source>Service 5xx</source>
        <translation>5xx do serviço</translation>
    </message>
    <message>
        <source>Gateway 502/503/504</source>
        <translation>502/503/504 do gateway</translation>
    </message>
    <message>
        <source>p99</source>
        <translation>p99</translation>
    </message>
    <message>
        <source>Destinations</source>
        <translation>Destinos</translation>
    </message>
</context>
<context>
    <name>gatehouse::console::ServicePage</name>
    <message>
        <source>&lt;b&gt;Thresholds&lt;/b&gt; — what each metric means and what to check first</source>
        <translation>&lt;b&gt;Limites&lt;/b&gt; — o que cada métrica significa e o que verificar primeiro</translation>
    </message>
    <message>
        <source>&lt;b&gt;Destinations&lt;/b&gt; — active health checks</source>
        <translation>&lt;b&gt;Destinos&lt;/b&gt; — verificações de saúde ativas</translation>
    </message>
    <message>
        <source>loading…</source>
        <translation>carregando…</translation>
    </message>
    <message>
        <source>every metric within its thresholds</source>
        <translation>todas as métricas dentro dos limites</translation>
    </message>
    <message>
        <source>15 min</source>
        <translation>15 min</translation>
    </message>
    <message>
        <source>1 h</source>
        <translation>1 h</translation>
    </message>
    <message>
        <source>6 h</source>
        <translation>6 h</translation>
    </message>
    <message>
        <source>24 h</source>
        <translation>24 h</translation>
    </message>
    <message>
        <source>Show the last %1</source>
        <translation>Mostrar os últimos %1</translation>
    </message>
    <message numerus="yes">
        <source>too little traffic to judge (%n request(s) in the window)</source>
        <translation>
            <numerusform>tráfego insuficiente para avaliar (%n requisição na janela)</numerusform>
            <numerusform>tráfego insuficiente para avaliar (%n requisições na janela)</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:%1&quot;&gt;●&lt;/span&gt; %2 — %3 · %4 · service 5xx %5 · gateway 502/503/504 %6 · p99 %7</source>
        <translation>&lt;span style=&quot;color:%1&quot;&gt;●&lt;/span&gt; %2 — %3 · %4 · 5xx do serviço %5 · 502/503/504 do gateway %6 · p99 %7</translation>
    </message>
    <message>
        <source>Drag across a chart to zoom to that time range</source>
        <translation>Arraste num gráfico para ampliar esse intervalo de tempo</translation>
    </message>
    <message>
        <source>Requests in this range</source>
        <translation>Requisições deste intervalo</translation>
    </message>
    <message>
        <source>Back to live</source>
        <translation>Voltar ao vivo</translation>
    </message>
    <message>
        <source>Zoomed to %1 – %2</source>
        <translation>Ampliado em %1 – %2</translation>
    </message>
    <message>
        <source>Zoomed to %1 – now (live)</source>
        <translation>Ampliado em %1 – agora (ao vivo)</translation>
    </message>
    <message>
        <source>&amp;Service</source>
        <translation>&amp;Serviço</translation>
    </message>
    <message>
        <source>&lt;b&gt;Gateways&lt;/b&gt; — this service on each gateway, worst first</source>
        <translation>&lt;b&gt;Gateways&lt;/b&gt; — este serviço em cada gateway, o pior primeiro</translation>
    </message>
</context>
<context>
    <name>gatehouse::console::ThresholdsModel</name>
    <message>
        <source>Metric</source>
        <translation>Métrica</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Agora</translation>
    </message>
    <message>
        <source>Warning at</source>
        <translation>Alerta a partir de</translation>
    </message>
    <message>
        <source>Critical at</source>
        <translation>Crítico a partir de</translation>
    </message>
    <message>
        <source>What it means</source>
        <translation>O que significa</translation>
    </message>
    <message>
        <source>What to check first</source>
        <translation>O que verificar primeiro</translation>
    </message>
    <message>
        <source>%1 % of the timeout</source>
        <translation>%1 % do tempo limite</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 de %2</translation>
    </message>
    <message>
        <source>one unhealthy</source>
        <translation>um com falha</translation>
    </message>
    <message>
        <source>none healthy</source>
        <translation>nenhum saudável</translation>
    </message>
    <message>
        <source>Judged over</source>
        <translation>Avaliado sobre</translation>
    </message>
    <message>
        <source>now</source>
        <translation>agora</translation>
    </message>
    <message numerus="yes">
        <source>%n flapping</source>
        <translation>
            <numerusform>%n oscilando</numerusform>
            <numerusform>%n oscilando</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n health change(s)</source>
        <translation>
            <numerusform>%n mudança de saúde</numerusform>
            <numerusform>%n mudanças de saúde</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>last %1, from %n request(s) (now %2)</source>
        <translation>
            <numerusform>últimos %1, a partir de %n requisição (agora %2)</numerusform>
            <numerusform>últimos %1, a partir de %n requisições (agora %2)</numerusform>
        </translation>
    </message>
    <message>
        <source>last %1</source>
        <translation>últimos %1</translation>
    </message>
</context>
<context>
    <name>gatehouse::console::TrailModel</name>
    <message>
        <source>answered by the service</source>
        <translation>respondida pelo serviço</translation>
    </message>
    <message>
        <source>refused by a filter</source>
        <translation>recusada por um filtro</translation>
    </message>
    <message>
        <source>no route (404)</source>
        <translation>sem rota (404)</translation>
    </message>
    <message>
        <source>bad request, refused by the gateway</source>
        <translation>requisição inválida, recusada pelo gateway</translation>
    </message>
    <message>
        <source>body too large (413)</source>
        <translation>corpo grande demais (413)</translation>
    </message>
    <message>
        <source>the service did not answer in time (504)</source>
        <translation>o serviço não respondeu a tempo (504)</translation>
    </message>
    <message>
        <source>could not connect to the service (502)</source>
        <translation>não foi possível conectar ao serviço (502)</translation>
    </message>
    <message>
        <source>the service closed the connection (502)</source>
        <translation>o serviço fechou a conexão (502)</translation>
    </message>
    <message>
        <source>the service&apos;s answer was not valid HTTP (502)</source>
        <translation>a resposta do serviço não era HTTP válido (502)</translation>
    </message>
    <message>
        <source>no healthy destination (503)</source>
        <translation>nenhum destino saudável (503)</translation>
    </message>
    <message>
        <source>the client went away</source>
        <translation>o cliente desistiu</translation>
    </message>
    <message>
        <source>the client was too slow</source>
        <translation>o cliente foi lento demais</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Situação</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Método</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Caminho</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Serviço</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>Rota</translation>
    </message>
    <message>
        <source>Ended by</source>
        <translation>Terminada por</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Duração</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Usuário</translation>
    </message>
    <message>
        <source>Request id</source>
        <translation>Id da requisição</translation>
    </message>
    <message>
        <source>too many connections to the service (503)</source>
        <translation>conexões demais com o serviço (503)</translation>
    </message>
    <message>
        <source>Gateway</source>
        <translation>Gateway</translation>
    </message>
    <message>
        <source>WebSocket closed by the client</source>
        <translation>WebSocket fechado pelo cliente</translation>
    </message>
    <message>
        <source>WebSocket closed by the service</source>
        <translation>WebSocket fechado pelo serviço</translation>
    </message>
    <message>
        <source>WebSocket idle too long, closed by the gateway</source>
        <translation>WebSocket ocioso por tempo demais, fechado pelo gateway</translation>
    </message>
    <message>
        <source>WebSocket at its maximum duration, closed by the gateway</source>
        <translation>WebSocket em sua duração máxima, fechado pelo gateway</translation>
    </message>
    <message>
        <source>WebSocket closed: the gateway was stopping</source>
        <translation>WebSocket fechado: o gateway estava parando</translation>
    </message>
</context>
</TS>
