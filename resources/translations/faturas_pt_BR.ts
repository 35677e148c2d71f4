<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR" sourcelanguage="en">
<context>
    <name>CohortCompare</name>
    <message>
        <location filename="../../gui/performance_compare.py" line="+51"/>
        <source>Contracts</source>
        <translation>Contratos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Invoices</source>
        <translation>Faturas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fetched</source>
        <translation>Buscadas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Success rate</source>
        <translation>Taxa de sucesso</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Errors</source>
        <translation>Erros</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gave up</source>
        <translation>Desistências</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Never fetched</source>
        <translation>Nunca buscadas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Invoices with data</source>
        <translation>Faturas com dados</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Avg time</source>
        <translation>Tempo médio</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Difference</source>
        <translation>Diferença</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Right cohort minus left cohort; rates in percentage points.</source>
        <translation>Safra da direita menos safra da esquerda; taxas em pontos percentuais.</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>No cohorts yet: import contracts to compare cohorts.</source>
        <translation>Ainda não há safras: importe contratos para comparar safras.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Success rate: not enough decided invoices to compare.</source>
        <translation>Taxa de sucesso: faturas com resultado insuficientes para comparar.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Success rate of %1 vs %2: %3</source>
        <translation>Taxa de sucesso de %1 em relação a %2: %3</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Where the invoices of each cohort stand now (all time).</source>
        <translation>Situação atual das faturas de cada safra (todo o período).</translation>
    </message>
</context>
<context>
    <name>ConnectionCheck</name>
    <message>
        <location filename="../../gui/setup/connection_text.py" line="+14"/>
        <source>Connection OK: the operator answered the sign-in in %1 ms and a lookup in %2 ms.</source>
        <translation>Conexão OK: a operadora respondeu à autenticação em %1 ms e a uma consulta em %2 ms.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The operator refused the key string: check that it was copied whole, with no space missing or added.</source>
        <translation>A operadora recusou a chave: confira se ela foi copiada inteira, sem espaço faltando ou sobrando.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Could not reach the operator&apos;s server: check the URL and this computer&apos;s internet connection (or proxy).</source>
        <translation>Não foi possível alcançar o servidor da operadora: confira a URL e a conexão deste computador com a internet (ou o proxy).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The operator&apos;s server did not answer in time (%1). It may be overloaded: try again in a few minutes.</source>
        <translation>O servidor da operadora não respondeu a tempo (%1). Ele pode estar sobrecarregado: tente de novo em alguns minutos.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The URL must start with http:// or https://.</source>
        <translation>A URL deve começar com http:// ou https://.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server answered %1 with something unexpected%2: is this the operator&apos;s portal URL? If it is, the operator may be having trouble.</source>
        <translation>O servidor respondeu %1 com algo inesperado%2: esta é a URL do portal da operadora? Se for, a operadora pode estar com problemas.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Type the key string first.</source>
        <translation>Digite a chave primeiro.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>during the sign-in</source>
        <translation>durante a autenticação</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>during the lookup</source>
        <translation>durante a consulta</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>to the sign-in</source>
        <translation>à autenticação</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>to the lookup</source>
        <translation>à consulta</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> (HTTP %1)</source>
        <translation> (HTTP %1)</translation>
    </message>
</context>
<context>
    <name>ContractLabels</name>
    <message>
        <location filename="../../gui/labels.py" line="+73"/>
        <source>Active</source>
        <translation>Ativo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancelled</source>
        <translation>Cancelado</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Downgrade</source>
        <translation>Downgrade</translation>
    </message>
</context>
<context>
    <name>DailyChart</name>
    <message>
        <location filename="../../gui/charts.py" line="+111"/>
        <source>Successes</source>
        <translation>Sucessos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Partial</source>
        <translation>Parciais</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Errors</source>
        <translation>Erros</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not available</source>
        <translation>Ainda não disponíveis</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>invoices</source>
        <translation>faturas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>s</source>
        <translation>s</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Lookup time p50 (s)</source>
        <translation>Tempo de consulta p50 (s)</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>Runs: %1</source>
        <translation>Execuções: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Invoices: %1</source>
        <translation>Faturas: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gave up (in errors): %1</source>
        <translation>Desistências (incluídas nos erros): %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attempts: %1</source>
        <translation>Tentativas: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lookup time p50 / p95: %1 / %2</source>
        <translation>Tempo de consulta p50 / p95: %1 / %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Average lookup time: %1</source>
        <translation>Tempo médio de consulta: %1</translation>
    </message>
</context>
<context>
    <name>ExportActions</name>
    <message>
        <location filename="../../gui/export_actions.py" line="+64"/>
        <source>&amp;Reports and lists</source>
        <translation>&amp;Relatórios e listas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Export…</source>
        <translation>&amp;Exportar…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Collection list…</source>
        <translation>&amp;Lista de cobrança…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Performance report (PDF)…</source>
        <translation>Relatório de &amp;desempenho (PDF)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Run report (PDF)…</source>
        <translation>Relatório da &amp;execução (PDF)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Invoices…</source>
        <translation>&amp;Faturas…</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>&amp;File</source>
        <translation>&amp;Arquivo</translation>
    </message>
    <message>
        <location line="+46"/>
        <location line="+5"/>
        <source>Export…</source>
        <translation>Exportar…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>invoices of the search</source>
        <translation>faturas da busca</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>invoices of contract %1</source>
        <translation>faturas do contrato %1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>problem invoices</source>
        <translation>faturas com problema</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>problem invoices of the group</source>
        <translation>faturas com problema do grupo</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>error groups</source>
        <translation>grupos de erro</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>attempt history</source>
        <translation>histórico de tentativas</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>runs</source>
        <translation>execuções</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>attempts of run %1</source>
        <translation>tentativas da execução %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>slowest lookups</source>
        <translation>consultas mais lentas</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>cohorts</source>
        <translation>safras</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>performance report</source>
        <translation>relatório de desempenho</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>collection list</source>
        <translation>lista de cobrança</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Select a run on the Runs tab first.</source>
        <translation>Selecione antes uma execução na aba Execuções.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Exported to %1 (%2)</source>
        <translation>Exportado para %1 (%2)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export</source>
        <translation>Exportar</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The export failed: %1</source>
        <translation>A exportação falhou: %1</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../gui/export_dialog.py" line="+80"/>
        <source>Export: %1</source>
        <translation>Exportar: %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>CSV for Excel (semicolon, decimal comma)</source>
        <translation>CSV para Excel (ponto e vírgula, vírgula decimal)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSV, plain (RFC 4180: comma, ISO dates)</source>
        <translation>CSV simples (RFC 4180: vírgula, datas ISO)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Excel workbook (.xlsx)</source>
        <translation>Pasta de trabalho do Excel (.xlsx)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PDF report</source>
        <translation>Relatório em PDF</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose…</source>
        <translation>Escolher…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Include full CPF/CNPJ</source>
        <translation>Incluir CPF/CNPJ completos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Documents are masked unless you tick this; the file records the choice.</source>
        <translation>Os documentos saem mascarados, a menos que você marque esta opção; o arquivo registra a escolha.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Format:</source>
        <translation>Formato:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>File:</source>
        <translation>Arquivo:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export</source>
        <translation>Exportar</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Export to</source>
        <translation>Exportar para</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Choose a file.</source>
        <translation>Escolha um arquivo.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The file name must end in %1.</source>
        <translation>O nome do arquivo deve terminar em %1.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The folder %1 does not exist.</source>
        <translation>A pasta %1 não existe.</translation>
    </message>
</context>
<context>
    <name>ExportProgress</name>
    <message>
        <location line="+71"/>
        <source>Exporting</source>
        <translation>Exportando</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writing the file…</source>
        <translation>Gravando o arquivo…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>%1 rows written…</source>
        <translation>%1 linhas gravadas…</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../gui/setup/first_run.py" line="+89"/>
        <source>Getting started</source>
        <translation>Primeiros passos</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Four steps to the first automatic run. Each one can be done again later from the File and Settings menus.</source>
        <translation>Quatro passos até a primeira execução automática. Cada um pode ser refeito depois pelos menus Arquivo e Configurações.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Database</source>
        <translation>Banco de dados</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Contracts</source>
        <translation>Contratos</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Operator</source>
        <translation>Operadora</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Schedule</source>
        <translation>Agenda</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open folder</source>
        <translation>Abrir pasta</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import contracts…</source>
        <translation>Importar contratos…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set URL and key…</source>
        <translation>Definir URL e chave…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change schedule…</source>
        <translation>Alterar agenda…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Show this list at start while a step is missing</source>
        <translation>Mostrar esta lista ao iniciar enquanto faltar algum passo</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>The data is kept in %1.</source>
        <translation>Os dados ficam em %1.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 contracts imported.</source>
        <translation>%1 contratos importados.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No contracts yet: import the CSV or .xlsx file the back office exports.</source>
        <translation>Nenhum contrato ainda: importe o arquivo CSV ou .xlsx exportado pelo back office.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No portal URL yet.</source>
        <translation>URL do portal ainda não definida.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Portal %1; no key string yet.</source>
        <translation>Portal %1; chave ainda não definida.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>given by the demo</source>
        <translation>fornecida pela demonstração</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>key in the system keyring</source>
        <translation>chave no chaveiro do sistema</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>key in the private key file</source>
        <translation>chave no arquivo privado</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>key from $FATURAS_PROVIDER_KEY</source>
        <translation>chave em $FATURAS_PROVIDER_KEY</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>connection tested</source>
        <translation>conexão testada</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>connection not tested yet</source>
        <translation>conexão ainda não testada</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Automatic runs are off.</source>
        <translation>Execuções automáticas desligadas.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Automatic runs on the cron schedule %1.</source>
        <translation>Execuções automáticas na agenda cron %1.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Automatic run every day at %1.</source>
        <translation>Execução automática todo dia às %1.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Automatic run at %1 on %2.</source>
        <translation>Execução automática às %1 em: %2.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>✔ done</source>
        <translation>✔ feito</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>● to do</source>
        <translation>● a fazer</translation>
    </message>
</context>
<context>
    <name>GoingRunsPanel</name>
    <message>
        <location filename="../../gui/live_going.py" line="+47"/>
        <source>Run</source>
        <translation>Execução</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Started by</source>
        <translation>Iniciada por</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Host</source>
        <translation>Máquina</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Origin</source>
        <translation>Origem</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Progress</source>
        <translation>Progresso</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Started</source>
        <translation>Início</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation>Situação</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 (this window)</source>
        <translation>%1 (esta janela)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 (%2 of %3)</source>
        <translation>%1 (%2 de %3)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>cancel asked by %1</source>
        <translation>cancelamento pedido por %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no news for %1</source>
        <translation>sem notícias há %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>going</source>
        <translation>em andamento</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>Runs going on this database: %n</source>
        <translation>
            <numerusform>Execuções em andamento neste banco de dados: %n</numerusform>
            <numerusform>Execuções em andamento neste banco de dados: %n</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <location filename="../../gui/help_dialogs.py" line="+49"/>
        <source>not declared in the package (see the project&apos;s README)</source>
        <translation>não declarada no pacote (veja o README do projeto)</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Version</source>
        <translation>Versão</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Database</source>
        <translation>Banco de dados</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Licence</source>
        <translation>Licença</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Built with</source>
        <translation>Feito com</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Fetches, tracks and retries the invoices of sold telecom contracts.</source>
        <translation>Busca, acompanha e tenta de novo as faturas dos contratos de telecom vendidos.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>About Faturas Monitor</source>
        <translation>Sobre o Faturas Monitor</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>About Qt</source>
        <translation>Sobre o Qt</translation>
    </message>
</context>
<context>
    <name>IdlePanel</name>
    <message>
        <location filename="../../gui/live_idle.py" line="+85"/>
        <source>Last finished run</source>
        <translation>Última execução encerrada</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>No runs yet.</source>
        <translation>Nenhuma execução ainda.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Started:</source>
        <translation>Início:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duration:</source>
        <translation>Duração:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Processed:</source>
        <translation>Processadas:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Results:</source>
        <translation>Resultados:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Message:</source>
        <translation>Mensagem:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Schedule</source>
        <translation>Agendamento</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Invoices waiting</source>
        <translation>Faturas aguardando</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pending</source>
        <translation>Pendentes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not yet available</source>
        <translation>Ainda não disponíveis</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In error</source>
        <translation>Com erro</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Last attempt failed; the next run retries them.</source>
        <translation>A última tentativa falhou; a próxima execução tenta de novo.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Gave up</source>
        <translation>Desistências</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reached the attempt limit; only a forced retry fetches them again.</source>
        <translation>Atingiram o limite de tentativas; só uma nova tentativa forçada as busca de novo.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Open alerts</source>
        <translation>Alertas abertos</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No open alerts.</source>
        <translation>Nenhum alerta aberto.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Acknowledge</source>
        <translation>Reconhecer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mark the selected alerts as seen. The same problem happening again opens a new alert.</source>
        <translation>Marca os alertas selecionados como vistos. Se o mesmo problema voltar a ocorrer, um novo alerta é aberto.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Alert</source>
        <translation>Alerta</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Last seen</source>
        <translation>Última vez</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Times</source>
        <translation>Vezes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>First seen %1</source>
        <translation>Primeira vez: %1</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+17"/>
        <source>The schedule is paused: no automatic run until you resume it (Run → Resume schedule, or the tray menu).</source>
        <translation>O agendamento está pausado: nenhuma busca automática até retomá-lo (Execução → Retomar agendamento, ou o menu da bandeja).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The schedule is off.</source>
        <translation>O agendamento está desligado.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The schedule “%1” cannot be read; check it in Settings.</source>
        <translation>Não foi possível ler o agendamento “%1”; verifique-o em Configurações.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Next scheduled run: %1.</source>
        <translation>Próxima execução agendada: %1.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Schedule (cron): %1</source>
        <translation>Agendamento (cron): %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The scheduled run of %1 did not start.</source>
        <translation>A execução agendada de %1 não foi iniciada.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Run #%1 has not reported for %2; its process may have stopped.</source>
        <translation>A execução nº %1 não dá notícias há %2; o processo dela pode ter parado.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Run #%1 is going in another process: %2 of %3 invoices.</source>
        <translation>A execução nº %1 está em andamento em outro processo: %2 de %3 faturas.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Run #%1 (%2)</source>
        <translation>Execução nº %1 (%2)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 of %2 invoices</source>
        <translation>%1 de %2 faturas</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 success, %2 partial, %3 not available, %7 no open debt, %4 errors, %5 gave up, %6 retries</source>
        <translation>sucesso: %1 · parcial: %2 · ainda não disponível: %3 · sem débito em aberto: %7 · erro: %4 · desistência: %5 · novas tentativas: %6</translation>
    </message>
</context>
<context>
    <name>ImportContractsDialog</name>
    <message>
        <location filename="../../gui/setup/import_dialog.py" line="+51"/>
        <source>Import contracts</source>
        <translation>Importar contratos</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No file chosen.</source>
        <translation>Nenhum arquivo escolhido.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose file…</source>
        <translation>Escolher arquivo…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>First rows of the file</source>
        <translation>Primeiras linhas do arquivo</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+75"/>
        <source>Line</source>
        <translation>Linha</translation>
    </message>
    <message>
        <location line="-74"/>
        <source>Column</source>
        <translation>Coluna</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Problem</source>
        <translation>Problema</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Import only the valid rows (leave the rows with problems out)</source>
        <translation>Importar só as linhas válidas (deixar de fora as linhas com problema)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Import</source>
        <translation>Importar</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Choose a contracts file</source>
        <translation>Escolha um arquivo de contratos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Spreadsheets (%1)</source>
        <translation>Planilhas (%1)</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Reading %1…</source>
        <translation>Lendo %1…</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>This file cannot be imported: %1</source>
        <translation>Este arquivo não pode ser importado: %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 rows read: %2 valid, %3 with problems (listed below by line and column). Fix the file and choose it again, or import only the valid rows.</source>
        <translation>%1 linhas lidas: %2 válidas, %3 com problema (listadas abaixo por linha e coluna). Corrija o arquivo e escolha-o de novo, ou importe só as linhas válidas.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 rows read, all valid: ready to import.</source>
        <translation>%1 linhas lidas, todas válidas: pronto para importar.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Importing %1 contracts…</source>
        <translation>Importando %1 contratos…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Nothing was imported: %1</source>
        <translation>Nada foi importado: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> %1 rows with problems were left out.</source>
        <translation> %1 linhas com problema ficaram de fora.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Imported: %1 new contracts, %2 updated, %3 unchanged; %4 invoices created.%5</source>
        <translation>Importado: %1 contratos novos, %2 atualizados, %3 sem mudança; %4 faturas criadas.%5</translation>
    </message>
</context>
<context>
    <name>InvoiceDetail</name>
    <message>
        <location filename="../../gui/invoices_detail.py" line="+26"/>
        <location line="+2"/>
        <source>Copy</source>
        <translation>Copiar</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Copy the bar code</source>
        <translation>Copiar o código de barras</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy the PIX code (copia e cola)</source>
        <translation>Copiar o código PIX (copia e cola)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Bar code</source>
        <translation>Código de barras</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PIX</source>
        <translation>PIX</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>not fetched yet</source>
        <translation>ainda não buscado</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Last error: %1</source>
        <translation>Último erro: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Technical details: %1</source>
        <translation>Detalhes técnicos: %1</translation>
    </message>
</context>
<context>
    <name>InvoicesTab</name>
    <message>
        <location filename="../../gui/invoices_columns.py" line="+37"/>
        <source>%1 invoices: %2</source>
        <translation>%1 faturas: %2</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Contract</source>
        <translation>Contrato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CPF/CNPJ</source>
        <translation>CPF/CNPJ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cohort</source>
        <translation>Safra</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Installed</source>
        <translation>Instalação</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+47"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="-45"/>
        <source>Plan</source>
        <translation>Plano</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Plan value</source>
        <translation>Valor do plano</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fetched</source>
        <translation>Buscadas</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Problems</source>
        <translation>Problemas</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Pending</source>
        <translation>Pendentes</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Imported due date</source>
        <translation>Vencimento importado</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Due date by the contract&apos;s schedule</source>
        <translation>Vencimento pelo calendário do contrato</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The provider says: %1</source>
        <translation>Segundo a operadora: %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Last outcome: %1</source>
        <translation>Último resultado: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Last fetched by: %1</source>
        <translation>Última busca por: %1</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>#</source>
        <translation>Nº</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Due date</source>
        <translation>Vencimento</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Available from</source>
        <translation>Disponível em</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Attempts</source>
        <translation>Tentativas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amount</source>
        <translation>Valor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bar code</source>
        <translation>Código de barras</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PIX</source>
        <translation>PIX</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last fetch</source>
        <translation>Última busca</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Error</source>
        <translation>Erro</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/invoices_tab.py" line="+110"/>
        <source>Contract number, customer name or CPF/CNPJ</source>
        <translation>Número do contrato, nome do cliente ou CPF/CNPJ</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>All invoices</source>
        <translation>Todas as faturas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ready for billing</source>
        <translation>Prontas para cobrança</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>With a problem</source>
        <translation>Com problema</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paid</source>
        <translation>Pagas</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Contracts with at least one invoice that is: ready for billing (found with amount and bar code or PIX, not paid), with a problem (error, gave up or partial) or paid (paid or no longer open).</source>
        <translation>Contratos com ao menos uma fatura: pronta para cobrança (encontrada com valor e código de barras ou PIX, não paga), com problema (erro, desistência ou parcial) ou paga (paga ou não mais em aberto).</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Fetch this contract now</source>
        <translation>Buscar este contrato agora</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Copy</source>
        <translation>Copiar</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Search</source>
        <translation>Pesquisar</translation>
    </message>
    <message>
        <location line="+91"/>
        <source>Fetching contract %1…</source>
        <translation>Buscando o contrato %1…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Invoices: %1</source>
        <translation>Faturas: %1</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Copy bar code</source>
        <translation>Copiar código de barras</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Copy PIX code</source>
        <translation>Copiar código PIX</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>No contract matches “%1”.</source>
        <translation>Nenhum contrato corresponde a “%1”.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No contract has invoices in this group.</source>
        <translation>Nenhum contrato tem faturas neste grupo.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No contracts yet: import the CSV or .xlsx file the back office exports.</source>
        <translation>Nenhum contrato ainda: importe o arquivo CSV ou .xlsx exportado pelo back office.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import contracts…</source>
        <translation>Importar contratos…</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>This contract has no invoices.</source>
        <translation>Este contrato não tem faturas.</translation>
    </message>
    <message>
        <location line="-199"/>
        <location line="+213"/>
        <source>Invoices</source>
        <translation>Faturas</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose a contract to see its invoices.</source>
        <translation>Escolha um contrato para ver as faturas dele.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Contract %1</source>
        <translation>Contrato %1</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../gui/labels.py" line="-50"/>
        <source>Pending</source>
        <translation>Nunca buscada</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Success</source>
        <translation>Sucesso</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Partial</source>
        <translation>Parcial</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not available</source>
        <translation>Ainda não disponível</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Error</source>
        <translation>Erro</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gave up</source>
        <translation>Desistência</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No open debt (probably paid)</source>
        <translation>Sem débito em aberto (provavelmente paga)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paid</source>
        <translation>Paga</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Matched</source>
        <translation>Conciliada</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Matched with divergence</source>
        <translation>Conciliada com divergência</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not yet available</source>
        <translation>Ainda não disponível</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No debts</source>
        <translation>Sem débitos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No match</source>
        <translation>Não conciliada</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not open (probably paid)</source>
        <translation>Não está em aberto (provavelmente paga)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ambiguous</source>
        <translation>Ambígua</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Invalid document</source>
        <translation>Documento inválido</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Timeout</source>
        <translation>Tempo esgotado</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connection failure</source>
        <translation>Falha de conexão</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Provider error (5xx)</source>
        <translation>Erro da operadora (5xx)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rate limited</source>
        <translation>Limite de requisições</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Authentication failure</source>
        <translation>Falha de autenticação</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bad response</source>
        <translation>Resposta inválida</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deferred (provider down)</source>
        <translation>Adiada (operadora fora do ar)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Manual</source>
        <translation>Manual</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Automatic</source>
        <translation>Automática</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cohort</source>
        <translation>Safra</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Individual</source>
        <translation>Individual</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Forced retry</source>
        <translation>Nova tentativa</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Running</source>
        <translation>Em andamento</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Completed</source>
        <translation>Concluída</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed</source>
        <translation>Falhou</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancelled</source>
        <translation>Cancelada</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Interrupted</source>
        <translation>Interrompida</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Too many errors</source>
        <translation>Muitos erros</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Performance degraded</source>
        <translation>Desempenho degradado</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slow lookups</source>
        <translation>Consultas lentas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Low throughput</source>
        <translation>Vazão baixa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Persistent errors growing</source>
        <translation>Mais erros persistentes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Provider unavailable</source>
        <translation>Operadora indisponível</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scheduled run missed</source>
        <translation>Execução agendada perdida</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Info</source>
        <translation>Informação</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Warning</source>
        <translation>Aviso</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Critical</source>
        <translation>Crítico</translation>
    </message>
    <message>
        <location line="+183"/>
        <source>Completed: %1 success, %2 partial, %3 not available, %4 no open debt, %5 errors, %6 gave up.</source>
        <translation>Concluída: %1 com sucesso, %2 parciais, %3 ainda não disponíveis, %4 sem débito em aberto, %5 com erro, %6 desistências.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cancelled by the user; what was fetched is kept.</source>
        <translation>Cancelada pelo usuário; o que foi buscado fica salvo.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Interrupted: the process running it stopped before it finished. What it wrote is kept.</source>
        <translation>Interrompida: o processo que a executava parou antes do fim. O que ela gravou fica salvo.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Provider unavailable: the remaining invoices were left untouched.</source>
        <translation>Operadora indisponível: as faturas restantes não foram alteradas.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Nothing to fetch: no invoice matches this selection.</source>
        <translation>Nada a buscar: nenhuma fatura corresponde a esta seleção.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nothing to fetch yet: %1 invoice(s) are not available at the operator; the next becomes available on %2.</source>
        <translation>Nada a buscar ainda: %1 fatura(s) ainda não disponíveis na operadora; a próxima fica disponível em %2.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nothing to fetch yet: %1 invoice(s) are not available at the operator.</source>
        <translation>Nada a buscar ainda: %1 fatura(s) ainda não disponíveis na operadora.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nothing to fetch: the %1 invoice(s) left gave up after their attempts; retry them from Problems.</source>
        <translation>Nada a buscar: as %1 fatura(s) restantes esgotaram as tentativas; tente de novo pela aba Problemas.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nothing to fetch: everything in this selection is fetched (%1), has no open debt at the operator (%2) or is paid (%3).</source>
        <translation>Nada a buscar: tudo nesta seleção já foi buscado (%1), está sem débito em aberto na operadora (%2) ou está pago (%3).</translation>
    </message>
</context>
<context>
    <name>LiveChart</name>
    <message>
        <location filename="../../gui/live_chart.py" line="+67"/>
        <source>Blue: provider lookups per second (left axis). Amber: median time of the recent lookups, in seconds (right axis).</source>
        <translation>Azul: consultas à operadora por segundo (eixo esquerdo). Âmbar: tempo mediano das consultas recentes, em segundos (eixo direito).</translation>
    </message>
    <message>
        <location line="+75"/>
        <source>Throughput and lookup time appear here while a run goes.</source>
        <translation>A vazão e o tempo de consulta aparecem aqui durante uma execução.</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>elapsed</source>
        <translation>decorrido</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Lookups per second</source>
        <translation>Consultas por segundo</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Lookup time, p50 (s)</source>
        <translation>Tempo de consulta, p50 (s)</translation>
    </message>
</context>
<context>
    <name>LiveTab</name>
    <message>
        <location filename="../../gui/tabs/live_tab.py" line="+70"/>
        <source>Fetch all pending</source>
        <translation>Buscar agora</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fetch every invoice that is due to be looked at (Ctrl+R).</source>
        <translation>Busca todas as faturas que estão na hora de ser consultadas (Ctrl+R).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cohort (safra): the month the contracts were installed.</source>
        <translation>Safra: o mês em que os contratos foram instalados.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fetch cohort</source>
        <translation>Buscar safra</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fetch the pending invoices of the chosen cohort.</source>
        <translation>Busca as faturas da safra escolhida que estão por buscar: pendentes, com erro e as ainda não disponíveis cuja data chegou.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fetch the invoices selected in the Invoices tab now.</source>
        <translation>Busca agora as faturas selecionadas na aba Faturas.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop the running fetch; what was fetched so far is kept (Ctrl+.).</source>
        <translation>Interrompe a busca em andamento; o que já foi buscado é mantido (Ctrl+.).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cohort:</source>
        <translation>Safra:</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>No run is going. Start one with the buttons above; its progress, a live chart and its log will show here.</source>
        <translation>Nenhuma execução em andamento. Inicie uma com os botões acima; o progresso, um gráfico ao vivo e o log dela aparecem aqui.</translation>
    </message>
    <message>
        <location line="+87"/>
        <source>Cancelling: lookups in flight are discarded; what was fetched is kept.</source>
        <translation>Cancelando: as consultas em curso são descartadas; o que já foi buscado é mantido.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Cancel asked: run #%1 stops within a few seconds; what it fetched is kept.</source>
        <translation>Cancelamento pedido: a execução nº %1 para em alguns segundos; o que ela já buscou fica guardado.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run #%1 is not going any more.</source>
        <translation>A execução nº %1 já não está em andamento.</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>Fetch selection (%1)</source>
        <translation>Buscar seleção (%1)</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Log of the last run (#%1):</source>
        <translation>Log da última execução (nº %1):</translation>
    </message>
    <message numerus="yes">
        <location line="+26"/>
        <source>%n alert(s) acknowledged.</source>
        <translation>
            <numerusform>%n alerta reconhecido.</numerusform>
            <numerusform>%n alertas reconhecidos.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../gui/main_window.py" line="+65"/>
        <source>Faturas Monitor — demo</source>
        <translation>Faturas Monitor — demonstração</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Faturas Monitor</source>
        <translation>Faturas Monitor</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Loading…</source>
        <translation>Carregando…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Live</source>
        <translation>Ao vivo</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Performance</source>
        <translation>Desempenho</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Runs</source>
        <translation>Execuções</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Problems</source>
        <translation>Problemas</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Invoices</source>
        <translation>Faturas</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>&amp;Run</source>
        <translation>&amp;Execução</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Fetch all pending</source>
        <translation>&amp;Buscar agora</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Cancel run</source>
        <translation>&amp;Cancelar execução</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+190"/>
        <source>&amp;Pause schedule</source>
        <translation>&amp;Pausar agendamento</translation>
    </message>
    <message>
        <location line="-186"/>
        <source>&amp;View</source>
        <translation>E&amp;xibir</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Refresh</source>
        <translation>&amp;Atualizar</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Settings</source>
        <translation>&amp;Configurações</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Preferences…</source>
        <translation>&amp;Preferências…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Database: %1</source>
        <translation>Banco de dados: %1</translation>
    </message>
    <message>
        <location line="+71"/>
        <source>Opening the database…</source>
        <translation>Abrindo o banco de dados…</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Could not load: %1</source>
        <translation>Não foi possível carregar: %1</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Run %1 finished: %2</source>
        <translation>Execução %1 encerrada: %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Run failed</source>
        <translation>Falha na execução</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+2"/>
        <source>Resume schedule</source>
        <translation>Retomar agendamento</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Pause schedule</source>
        <translation>Pausar agendamento</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>not scheduled</source>
        <translation>não agendada</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>paused</source>
        <translation>agendamento pausado</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next automatic run: %1</source>
        <translation>Próxima execução automática: %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A scheduled run did not start (was the computer off?). See the open alerts.</source>
        <translation>Uma execução agendada não foi iniciada (o computador estava desligado?). Veja os alertas abertos.</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Faturas Monitor keeps running in the tray for the schedule.</source>
        <translation>O Faturas Monitor continua rodando na bandeja do sistema por causa do agendamento.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A run is going</source>
        <translation>Execução em andamento</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel the running fetch and quit? What was fetched so far is kept.</source>
        <translation>Cancelar a busca em andamento e sair? O que já foi buscado é mantido.</translation>
    </message>
</context>
<context>
    <name>Menus</name>
    <message>
        <location filename="../../gui/menus.py" line="+40"/>
        <source>&amp;File</source>
        <translation>&amp;Arquivo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Import contracts…</source>
        <translation>&amp;Importar contratos…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Quit</source>
        <translation>&amp;Sair</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Help</source>
        <translation>A&amp;juda</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Getting started…</source>
        <translation>&amp;Primeiros passos…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>A&amp;talhos de teclado</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;About Faturas Monitor</source>
        <translation>&amp;Sobre o Faturas Monitor</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Tables</source>
        <translation>Tabelas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the selected rows</source>
        <translation>Copiar as linhas selecionadas</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../core/message_catalog.py" line="+53"/>
        <source>Run {run} started ({origin}): {invoices} invoice(s), {documents} document(s), {contracts} contract(s).</source>
        <translation>Execução {run} iniciada ({origin}): {invoices} fatura(s), {documents} documento(s), {contracts} contrato(s).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Contract {contract}, invoice {invoice} ({document}): {outcome}. {reason}</source>
        <translation>Contrato {contract}, fatura {invoice} ({document}): {outcome}. {reason}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Contract {contract}, invoice {invoice} ({document}): {outcome}; no attempts left. {reason}</source>
        <translation>Contrato {contract}, fatura {invoice} ({document}): {outcome}; sem tentativas restantes. {reason}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The provider answers 429 (too many requests): slowing down; nothing is counted against the invoices.</source>
        <translation>A operadora responde 429 (requisições demais): reduzindo o ritmo; nada é contado contra as faturas.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Most answers are not the provider&apos;s API (a captcha or login page?): pausing those lookups; nothing is counted against the invoices.</source>
        <translation>A maioria das respostas não vem da API da operadora (captcha ou página de login?): essas consultas ficam em pausa; nada é contado contra as faturas.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The provider is failing: {failures} failures in a row; pausing lookups (nothing is counted against the invoices while it is down).</source>
        <translation>A operadora está falhando: {failures} falhas seguidas; consultas em pausa (nada é contado contra as faturas enquanto ela estiver fora do ar).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Completed: {successes} success, {partial} partial, {not_available} not available, {closed} no open debt, {errors} error(s), {gave_up} gave up.</source>
        <translation>Concluída: {successes} com sucesso, {partial} parciais, {not_available} ainda não disponíveis, {closed} sem débito em aberto, {errors} com erro, {gave_up} desistências.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cancelled by the user; what was fetched is kept.</source>
        <translation>Cancelada pelo usuário; o que já foi buscado foi mantido.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancelled by {who}; what was fetched is kept.</source>
        <translation>Cancelada por {who}; o que já foi buscado foi mantido.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Interrupted: the process running it stopped before it finished; what it wrote is kept.</source>
        <translation>Interrompida: o processo que a executava parou antes do fim; o que ela gravou foi mantido.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stopped from the keyboard (Ctrl+C); what was fetched is kept.</source>
        <translation>Parada pelo teclado (Ctrl+C); o que já foi buscado foi mantido.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stopped by an internal error; what was fetched is kept.</source>
        <translation>Parada por uma falha interna; o que já foi buscado foi mantido.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Provider unavailable: the key string does not decrypt the portal&apos;s parameters; check the key in Preferences (Operator). The remaining invoices were left untouched.</source>
        <translation>Operadora indisponível: a chave da operadora não decifra os parâmetros do portal; confira a chave em Preferências (Operadora). As demais faturas ficaram como estavam.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Provider unavailable: it refused our credentials; check the provider URL and key string. The remaining invoices were left untouched.</source>
        <translation>Operadora indisponível: ela recusou nossas credenciais; confira a URL da operadora e a chave de acesso. As demais faturas ficaram como estavam.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Provider unavailable: only &apos;too many requests&apos; (HTTP 429) for {seconds}. The remaining invoices were left untouched.</source>
        <translation>Operadora indisponível: só respondeu &apos;requisições demais&apos; (HTTP 429) durante {seconds}. As demais faturas ficaram como estavam.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Provider unavailable: for {seconds} its answers were not its API (a captcha or login page?). The remaining invoices were left untouched.</source>
        <translation>Operadora indisponível: durante {seconds} as respostas não vieram da API dela (captcha ou página de login?). As demais faturas ficaram como estavam.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Provider unavailable: no answer for {seconds}. The remaining invoices were left untouched.</source>
        <translation>Operadora indisponível: sem resposta durante {seconds}. As demais faturas ficaram como estavam.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The disk is full: the database cannot take the run&apos;s results.</source>
        <translation>O disco está cheio: o banco de dados não consegue gravar os resultados da execução.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The database is locked by another program (waited {seconds}).</source>
        <translation>O banco de dados está bloqueado por outro programa (espera de {seconds}).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The connection to the database server was lost.</source>
        <translation>A conexão com o servidor do banco de dados caiu.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The database refused the write.</source>
        <translation>O banco de dados recusou a gravação.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The run could not start its process.</source>
        <translation>Não foi possível iniciar o processo da execução.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The run stopped with an unexpected error.</source>
        <translation>A execução parou com um erro inesperado.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The lookup failed: {outcome}.</source>
        <translation>A consulta falhou: {outcome}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The lookup failed: {outcome} (HTTP {http}).</source>
        <translation>A consulta falhou: {outcome} (HTTP {http}).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not in the answer, which held {count} malformed invoice(s) that could not be read.</source>
        <translation>Não veio na resposta, que trazia {count} fatura(s) malformada(s) que não puderam ser lidas.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The provider lists no open invoice for this document.</source>
        <translation>A operadora não lista nenhuma fatura em aberto para este documento.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Matched the open invoice due {due} (amount not checked).</source>
        <translation>Conciliada com a fatura em aberto com vencimento em {due} (valor não conferido).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Matched the open invoice due {due} (amount within tolerance).</source>
        <translation>Conciliada com a fatura em aberto com vencimento em {due} (valor dentro da tolerância).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Matched the open invoice due {due} (amount not checked); the customer&apos;s due day is {day}.</source>
        <translation>Conciliada com a fatura em aberto com vencimento em {due} (valor não conferido); o dia de vencimento do cliente é {day}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Matched the open invoice due {due} (amount within tolerance); the customer&apos;s due day is {day}.</source>
        <translation>Conciliada com a fatura em aberto com vencimento em {due} (valor dentro da tolerância); o dia de vencimento do cliente é {day}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Divergence: {problems}.</source>
        <translation>Divergência: {problems}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Divergence: {problems}; the customer&apos;s due day is {day}.</source>
        <translation>Divergência: {problems}; o dia de vencimento do cliente é {day}.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{count} open invoice(s) due on {due} could be this one or another invoice of the same document; they cannot be told apart.</source>
        <translation>{count} fatura(s) em aberto com vencimento em {due} podem ser esta ou outra fatura do mesmo documento; não há como distingui-las.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{count} open invoice(s) due within the day tolerance ({dues}) could be this one or another invoice of the same document; they cannot be told apart.</source>
        <translation>{count} fatura(s) em aberto com vencimento dentro da tolerância de dias ({dues}) podem ser esta ou outra fatura do mesmo documento; não há como distingui-las.</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>due {due}, {days} day(s) later than expected</source>
        <translation>vencimento em {due}, {days} dia(s) depois do esperado</translation>
    </message>
    <message>
        <location line="-33"/>
        <source>The run&apos;s process ended unexpectedly: the run is closed as interrupted, with what it had stored.</source>
        <translation>O processo da execução terminou inesperadamente: a execução foi encerrada como interrompida, com o que já tinha gravado.</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>due {due}, {days} day(s) earlier than expected</source>
        <translation>vencimento em {due}, {days} dia(s) antes do esperado</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>amount {amount} differs from the expected {expected} by {diff}</source>
        <translation>valor de {amount} difere do esperado ({expected}) em {diff}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>due {due}: the customer&apos;s due day seems to be {day}, not ours</source>
        <translation>vencimento em {due}: o dia de vencimento do cliente parece ser {day}, não o nosso</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No open invoice due on {due} (±{days} day(s)) yet; the operator may not have issued it.</source>
        <translation>Ainda não há fatura em aberto com vencimento em {due} (±{days} dia(s)); a operadora pode não tê-la emitido.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No open invoice due on {due} (±{days} day(s)): the customer&apos;s open invoices are all other invoices (this one is most likely paid).</source>
        <translation>Nenhuma fatura em aberto com vencimento em {due} (±{days} dia(s)): as faturas em aberto do cliente são todas outras (esta provavelmente está paga).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No open invoice due on {due} (±{days} day(s)), but the customer has {count} open invoice(s) that match none of ours by date (due {dues}).</source>
        <translation>Nenhuma fatura em aberto com vencimento em {due} (±{days} dia(s)), mas o cliente tem {count} fatura(s) em aberto que não correspondem a nenhuma das nossas pela data (vencimentos {dues}).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No open invoice at the provider for it: the open ones are already matched to other invoices (probably paid).</source>
        <translation>Nenhuma fatura em aberto na operadora para ela: as que estão em aberto já foram conciliadas com outras faturas (provavelmente paga).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Run {run} ended with {failed} of {processed} invoices in error ({share}, over the {limit} threshold).</source>
        <translation>A execução {run} terminou com {failed} de {processed} faturas com erro ({share}, acima do limite de {limit}).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Run {run} took {seconds} per lookup (median), over {factor} times the {baseline} of the previous {days} days.</source>
        <translation>A execução {run} levou {seconds} por consulta (mediana), mais de {factor} vezes os {baseline} dos {days} dias anteriores.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Run {run} processed {rate} invoices per second, under {factor} times the {baseline} of the previous {days} days.</source>
        <translation>A execução {run} processou {rate} faturas por segundo, abaixo de {factor} vezes as {baseline} dos {days} dias anteriores.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Invoices failing after {attempts} or more attempts grew from {before} to {current} with run {run}.</source>
        <translation>As faturas com falha após {attempts} ou mais tentativas passaram de {before} para {current} com a execução {run}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Run {run} stopped: the provider was unavailable. {processed} of {planned} invoices were processed; the rest are untouched.</source>
        <translation>A execução {run} parou: a operadora estava indisponível. {processed} de {planned} faturas foram processadas; as demais ficaram como estavam.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The scheduled run of {when} did not start.</source>
        <translation>A execução agendada para {when} não começou.</translation>
    </message>
    <message>
        <location filename="../../core/import_catalog.py" line="+11"/>
        <source>no such file</source>
        <translation>o arquivo não existe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>this is a folder, not a CSV file</source>
        <translation>isto é uma pasta, não um arquivo CSV</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>this is a folder, not a CSV or Excel file</source>
        <translation>isto é uma pasta, não um arquivo CSV ou do Excel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cannot read the file: {reason}</source>
        <translation>não foi possível ler o arquivo: {reason}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the file is empty</source>
        <translation>o arquivo está vazio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>this is an Excel workbook, not a CSV file: save it as CSV (&apos;;&apos; or &apos;,&apos; separated)</source>
        <translation>esta é uma pasta de trabalho do Excel, não um arquivo CSV: salve-a como CSV (separado por &apos;;&apos; ou &apos;,&apos;)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>this is an old Excel 97-2003 workbook (.xls): save it as .xlsx or as CSV</source>
        <translation>esta é uma pasta de trabalho antiga do Excel 97-2003 (.xls): salve-a como .xlsx ou CSV</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the file holds binary data, not text: it is not a CSV file</source>
        <translation>o arquivo contém dados binários, não texto: não é um arquivo CSV</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>cannot decode the file: it is neither UTF-8 nor Latin-1 / cp1252 text</source>
        <translation>não foi possível ler o texto do arquivo: não está em UTF-8 nem em Latin-1 / cp1252</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the file mixes encodings: some lines are UTF-8 but line {line} is not (Latin-1 / cp1252?); save the whole file again as UTF-8</source>
        <translation>o arquivo mistura codificações: algumas linhas estão em UTF-8, mas a linha {line} não (Latin-1 / cp1252?); salve o arquivo inteiro de novo em UTF-8</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>not a valid CSV file: {reason}</source>
        <translation>não é um arquivo CSV válido: {reason}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>not a valid CSV file after line {line}: {reason}</source>
        <translation>não é um arquivo CSV válido depois da linha {line}: {reason}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the first line has no comma, semicolon or tab between column names: this is not a CSV file</source>
        <translation>a primeira linha não tem vírgula, ponto e vírgula ou tabulação entre os nomes das colunas: não é um arquivo CSV</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>columns &apos;{first}&apos; and &apos;{second}&apos; both mean {meaning}; keep one</source>
        <translation>as colunas &apos;{first}&apos; e &apos;{second}&apos; significam a mesma coisa ({meaning}); mantenha uma</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>missing required column(s): {wanted}. Columns found: {found}</source>
        <translation>faltam colunas obrigatórias: {wanted}. Colunas encontradas: {found}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>holds an invisible bidirectional control character ({char}) at position {position}: remove it</source>
        <translation>contém um caractere invisível de controle de direção ({char}) na posição {position}: remova-o</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the row has {values} values but the header has {columns} columns</source>
        <translation>a linha tem {values} valores, mas o cabeçalho tem {columns} colunas</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>this is not a readable Excel workbook (.xlsx): {reason}</source>
        <translation>não é uma pasta de trabalho do Excel (.xlsx) legível: {reason}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the workbook has no sheet with a header row</source>
        <translation>a planilha não tem nenhuma aba com uma linha de cabeçalho</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&apos;{value}&apos; has no four-digit year: write dates as dd/mm/aaaa</source>
        <translation>&apos;{value}&apos; não tem ano com quatro dígitos: escreva as datas como dd/mm/aaaa</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&apos;{value}&apos; is not a date: write dd/mm/aaaa or aaaa-mm-dd</source>
        <translation>&apos;{value}&apos; não é uma data: escreva dd/mm/aaaa ou aaaa-mm-dd</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&apos;{value}&apos; is not a valid date: there is no month {month} (dates are dd/mm/aaaa)</source>
        <translation>&apos;{value}&apos; não é uma data válida: não existe o mês {month} (datas são dd/mm/aaaa)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&apos;{value}&apos; is not a valid date: month {month} of {year} has {days} days</source>
        <translation>&apos;{value}&apos; não é uma data válida: o mês {month} de {year} tem {days} dias</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&apos;{value}&apos; is not an amount: write e.g. 1.234,56 or 1234.56</source>
        <translation>&apos;{value}&apos; não é um valor: escreva por exemplo 1.234,56</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&apos;{value}&apos; is ambiguous: write 1234,00, 1.234,00 or 1234.00</source>
        <translation>&apos;{value}&apos; é ambíguo: escreva 1234,00 ou 1.234,00</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&apos;{value}&apos; has misplaced thousands separators</source>
        <translation>&apos;{value}&apos; tem separadores de milhar no lugar errado</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&apos;{value}&apos; has more than 2 decimal places</source>
        <translation>&apos;{value}&apos; tem mais de 2 casas decimais</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>longer than {max} characters</source>
        <translation>mais de {max} caracteres</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>missing value</source>
        <translation>vazio: esta coluna é obrigatória</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{reason} ({value})</source>
        <translation>{reason} ({value})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&apos;{value}…&apos; is a number Excel reformatted: format the column as text and export again</source>
        <translation>&apos;{value}…&apos; é um número que o Excel reformatou: formate a coluna como texto e exporte de novo</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>duplicate contract number &apos;{number}&apos; (first on line {first})</source>
        <translation>número de contrato &apos;{number}&apos; repetido (primeiro na linha {first})</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>due date {due} is before the install date {install}</source>
        <translation>vencimento {due} é anterior à data de instalação {install}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>install date {day} is in the future</source>
        <translation>data de instalação {day} está no futuro</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>install date {day} is before {year}: check the year</source>
        <translation>data de instalação {day} é anterior a {year}: confira o ano</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>negative value {value}</source>
        <translation>valor negativo {value}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>value {value} is too large</source>
        <translation>valor {value} grande demais</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>unknown status &apos;{value}&apos; (expected ATIVO, CANCELADO or DOWNGRADE)</source>
        <translation>status desconhecido &apos;{value}&apos; (use ATIVO, CANCELADO ou DOWNGRADE)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>due date {day} is not between {first} and {last}: check the year</source>
        <translation>vencimento {day} não está entre {first} e {last}: confira o ano</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the file has a header but no contract rows</source>
        <translation>o arquivo tem cabeçalho, mas nenhuma linha de contrato</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the file has a header but no payment rows</source>
        <translation>o arquivo tem cabeçalho, mas nenhuma linha de pagamento</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the file has a header but no due date rows</source>
        <translation>o arquivo tem cabeçalho, mas nenhuma linha de vencimento</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the same invoice as line {first}: keep one row per invoice</source>
        <translation>a mesma fatura da linha {first}: mantenha uma linha por fatura</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>missing value: give the invoice number or its due date</source>
        <translation>vazio: informe o número da fatura ou o vencimento dela</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a payment date ({day}) with status {status}: which one is right?</source>
        <translation>uma data de pagamento ({day}) com o status {status}: qual dos dois está certo?</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>unknown payment status &apos;{value}&apos; (expected PAGO, NAO_PAGO, ATRASADO, AGUARDANDO or OUTROS)</source>
        <translation>status de pagamento desconhecido &apos;{value}&apos; (use PAGO, NAO_PAGO, ATRASADO, AGUARDANDO ou OUTROS)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&apos;{value}&apos; is not an invoice number: write 1 to {max} (or FPD, SPD, TPD)</source>
        <translation>&apos;{value}&apos; não é um número de fatura: escreva de 1 a {max} (ou FPD, SPD, TPD)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>payment date {day} is in the future</source>
        <translation>data de pagamento {day} está no futuro</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>payment date {day} is before {year}: check the year</source>
        <translation>data de pagamento {day} é anterior a {year}: confira o ano</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the contract has no invoices</source>
        <translation>o contrato não tem faturas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>invoices {numbers} are all due on {due}: give the invoice number</source>
        <translation>as faturas {numbers} vencem todas em {due}: informe o número da fatura</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>no invoice of the contract is due within {days} days of {due} (its first ones are due on {dates}…)</source>
        <translation>nenhuma fatura do contrato vence a menos de {days} dias de {due} (as primeiras vencem em {dates}…)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{due} is as near to invoice {first} ({first_due}) as to invoice {second} ({second_due}): give the invoice number</source>
        <translation>{due} está tão perto da fatura {first} ({first_due}) quanto da fatura {second} ({second_due}): informe o número da fatura</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>unknown contract &apos;{number}&apos;</source>
        <translation>contrato desconhecido &apos;{number}&apos;</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>contract &apos;{number}&apos; has no invoice {invoice}</source>
        <translation>o contrato &apos;{number}&apos; não tem a fatura {invoice}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>contract &apos;{number}&apos;: {reason}</source>
        <translation>contrato &apos;{number}&apos;: {reason}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>names invoice {invoice} of contract &apos;{number}&apos; again (first on line {first})</source>
        <translation>indica de novo a fatura {invoice} do contrato &apos;{number}&apos; (primeiro na linha {first})</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>empty document</source>
        <translation>documento vazio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a CPF has only digits</source>
        <translation>um CPF tem só dígitos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a CPF cannot have all digits equal</source>
        <translation>um CPF não pode ter todos os dígitos iguais</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>invalid CPF check digits</source>
        <translation>dígitos verificadores do CPF inválidos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a CNPJ has 12 letters or digits followed by 2 digits</source>
        <translation>um CNPJ tem 12 letras ou dígitos seguidos de 2 dígitos</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a CNPJ cannot have all characters equal</source>
        <translation>um CNPJ não pode ter todos os caracteres iguais</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>invalid CNPJ check digits</source>
        <translation>dígitos verificadores do CNPJ inválidos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a document has 11 (CPF) or 14 (CNPJ) characters, got {length}</source>
        <translation>um CPF tem 11 dígitos e um CNPJ 14 caracteres; este tem {length}</translation>
    </message>
    <message>
        <location filename="../../core/message_catalog.py" line="+9"/>
        <source>app — {user}</source>
        <translation>aplicativo — {user}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>command line — {user}</source>
        <translation>linha de comando — {user}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>schedule</source>
        <translation>agendamento</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>app</source>
        <translation>aplicativo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>command line</source>
        <translation>linha de comando</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>another window</source>
        <translation>outra janela</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>demo history</source>
        <translation>histórico da demonstração</translation>
    </message>
    <message>
        <location filename="../../gui/message_text.py" line="+99"/>
        <source>Technical details: %1</source>
        <translation>Detalhes técnicos: %1</translation>
    </message>
</context>
<context>
    <name>Pager</name>
    <message>
        <location filename="../../gui/pager.py" line="+21"/>
        <source>Previous page</source>
        <translation>Página anterior</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Next page</source>
        <translation>Próxima página</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>page %1 of %2 (%3 rows)</source>
        <translation>página %1 de %2 (total: %3)</translation>
    </message>
</context>
<context>
    <name>PerformanceCards</name>
    <message>
        <location filename="../../gui/performance_cards.py" line="+42"/>
        <source>Invoices · now</source>
        <translation>Faturas · agora</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All invoices in the database now (ten per contract), whatever the period.</source>
        <translation>Todas as faturas no banco agora (dez por contrato), qualquer que seja o período.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pending · now</source>
        <translation>Pendentes · agora</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not yet available · now</source>
        <translation>Ainda não disponíveis · agora</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In error · now</source>
        <translation>Com erro · agora</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Invoices whose last fetch failed (error) or that reached the attempt limit (gave up), now.</source>
        <translation>Faturas cuja última busca falhou (erro) ou que atingiram o limite de tentativas (desistência), agora.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Amount found · now</source>
        <translation>Valor encontrado · agora</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sum of the amounts found at the operator, in reais, and how many invoices have an amount and a bar code or PIX code.</source>
        <translation>Soma dos valores encontrados na operadora, em reais, e quantas faturas têm valor e código de barras ou PIX.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Results · in the period</source>
        <translation>Resultados · no período</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Invoice results of the period&apos;s runs: each run&apos;s final word on each invoice it looked at.</source>
        <translation>Resultados de faturas das execuções do período: a palavra final de cada execução sobre cada fatura que consultou.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Success rate · in the period</source>
        <translation>Taxa de sucesso · no período</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(Success + partial) ÷ decided results of the period&apos;s runs. Decided: success, partial, error or gave up; not yet available is left out. The same figure as the &quot;By origin&quot; table.</source>
        <translation>(Sucesso + parcial) ÷ resultados decididos das execuções do período. Decididos: sucesso, parcial, erro ou desistência; ainda não disponíveis ficam de fora. O mesmo número da tabela &quot;Por origem&quot;.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Errors · in the period</source>
        <translation>Erros · no período</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Results of the period&apos;s runs that ended in error or gave up, and their share of the decided results. The sum of the &quot;By origin&quot; table&apos;s errors.</source>
        <translation>Resultados das execuções do período que terminaram em erro ou desistência, e sua parcela dos resultados decididos. A soma dos erros da tabela &quot;Por origem&quot;.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Lookup time (p50) · in the period</source>
        <translation>Consulta (p50) · no período</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Median time of one operator lookup in the period, with the 95th percentile and the average. Percentiles are approximate (from a histogram).</source>
        <translation>Tempo mediano de uma consulta à operadora no período, com o percentil 95 e a média. Os percentis são aproximados (de um histograma).</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Now</source>
        <translation>Agora</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In the period</source>
        <translation>No período</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>In the period: last %1 days (%2 – %3)</source>
        <translation>No período: últimos %1 dias (%2 – %3)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 fetched at least once</source>
        <translation>buscadas ao menos uma vez: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 error · %2 gave up</source>
        <translation>erro: %1 · desistência: %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 invoices with data (%2)</source>
        <translation>%1 faturas com dados (%2)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 attempts in %2 runs</source>
        <translation>%1 tentativas em %2 execuções</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 of %2 decided results</source>
        <translation>%1 de %2 resultados decididos</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+6"/>
        <source>no decided results in the last %1 days</source>
        <translation>nenhum resultado decidido nos últimos %1 dias</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>%1 of the decided results</source>
        <translation>%1 dos resultados decididos</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>p95 %1 · avg %2</source>
        <translation>p95 %1 · média %2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>available only from a later day</source>
        <translation>disponíveis só a partir de um dia futuro</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>no lookups in the last %1 days</source>
        <translation>nenhuma consulta nos últimos %1 dias</translation>
    </message>
</context>
<context>
    <name>PerformanceTab</name>
    <message>
        <location filename="../../gui/performance_format.py" line="+44"/>
        <source>%1 pp</source>
        <translation>%1 pp</translation>
    </message>
    <message>
        <location filename="../../gui/performance_tables.py" line="+21"/>
        <source>Origin</source>
        <translation>Origem</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Runs</source>
        <translation>Execuções</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+41"/>
        <source>Invoices</source>
        <translation>Faturas</translation>
    </message>
    <message>
        <location line="-40"/>
        <source>Attempts (retries included): %1</source>
        <translation>Tentativas (incluindo as novas tentativas): %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Success</source>
        <translation>Sucesso</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 matched, %2 partial (divergent)</source>
        <translation>conciliadas: %1 · parciais (com divergência): %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+41"/>
        <source>Errors</source>
        <translation>Erros</translation>
    </message>
    <message>
        <location line="-40"/>
        <source>Errors and gave up; %1 not available yet</source>
        <translation>Erros e desistências; ainda não disponíveis: %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+34"/>
        <source>Success rate</source>
        <translation>Taxa de sucesso</translation>
    </message>
    <message>
        <location line="-32"/>
        <source>(Success + partial) ÷ (success + partial + errors)</source>
        <translation>(Sucesso + parcial) ÷ (sucesso + parcial + erros)</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+36"/>
        <source>Avg time</source>
        <translation>Tempo médio</translation>
    </message>
    <message>
        <location line="-35"/>
        <source>p50 %1 · p95 %2</source>
        <translation>p50 %1 · p95 %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Time</source>
        <translation>Tempo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contract</source>
        <translation>Contrato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Invoice #</source>
        <translation>Fatura nº</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+11"/>
        <source>Cohort</source>
        <translation>Safra</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>When</source>
        <translation>Quando</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run</source>
        <translation>Execução</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Contracts</source>
        <translation>Contratos</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fetched</source>
        <translation>Buscadas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 of %2 invoices are no longer pending</source>
        <translation>já buscadas ao menos uma vez: %1 de %2 faturas</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Gave up</source>
        <translation>Desistências</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/performance_tab.py" line="+79"/>
        <source>Export chart as PNG…</source>
        <translation>Exportar gráfico (PNG)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save an image of the daily chart, to paste into a report.</source>
        <translation>Salva uma imagem do gráfico diário, para colar em um relatório.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Window:</source>
        <translation>Período:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 days</source>
        <translation>%1 dias</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Show the last %1 days, today included.</source>
        <translation>Mostra os últimos %1 dias, incluindo hoje.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Double-click a row to open the invoice&apos;s attempt history.</source>
        <translation>Clique duas vezes em uma linha para abrir o histórico de tentativas da fatura.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Slowest invoices</source>
        <translation>Faturas mais lentas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By origin</source>
        <translation>Por origem</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cohorts</source>
        <translation>Safras</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compare two cohorts</source>
        <translation>Comparar duas safras</translation>
    </message>
    <message>
        <location line="+81"/>
        <source>Could not load: %1</source>
        <translation>Não foi possível carregar: %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 – %2: %3 runs, %4 attempts, %5 invoice results</source>
        <translation>%1 – %2: execuções: %3 · tentativas: %4 · resultados de faturas: %5</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Updated %1</source>
        <translation>Atualizado em %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No invoices yet: import contracts, then fetch their invoices.</source>
        <translation>Ainda não há faturas: importe contratos e depois busque as faturas deles.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No fetches in this window. Pick a longer window or start a run.</source>
        <translation>Nenhuma busca neste período. Escolha um período maior ou inicie uma execução.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Invoice results per day and lookup time (p50) — last %1 days</source>
        <translation>Resultados de faturas por dia e tempo de consulta (p50) — últimos %1 dias</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Invoice results of the window&apos;s runs, by what started the run.</source>
        <translation>Resultados de faturas das execuções do período, pelo que iniciou a execução.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No fetches in this window.</source>
        <translation>Nenhuma busca neste período.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The 10 slowest lookups of the window. Double-click a row to open the invoice&apos;s history.</source>
        <translation>As 10 consultas mais lentas do período. Clique duas vezes para abrir o histórico da fatura.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No lookups in this window.</source>
        <translation>Nenhuma consulta neste período.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Where each cohort&apos;s invoices stand now (all time), newest cohort first.</source>
        <translation>Situação atual das faturas de cada safra (todo o período), da safra mais recente para a mais antiga.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No cohorts yet: import contracts first.</source>
        <translation>Ainda não há safras: importe contratos primeiro.</translation>
    </message>
    <message>
        <location line="+17"/>
        <location line="+7"/>
        <source>Export chart as PNG</source>
        <translation>Exportar gráfico como PNG</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>PNG images (*.png)</source>
        <translation>Imagens PNG (*.png)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Could not write %1.</source>
        <translation>Não foi possível gravar %1.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Chart saved to %1</source>
        <translation>Gráfico salvo em %1</translation>
    </message>
</context>
<context>
    <name>ProblemFilterBar</name>
    <message>
        <location filename="../../gui/problems_filters.py" line="+40"/>
        <source>All problems</source>
        <translation>Todos os problemas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Error or gave up</source>
        <translation>Erro ou desistência</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Partial: matched, but the amount or due date differs; needs review</source>
        <translation>Parcial: conciliada, mas o valor ou o vencimento diverge; precisa de revisão</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>All cohorts</source>
        <translation>Todas as safras</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Any origin</source>
        <translation>Qualquer origem</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Any last outcome</source>
        <translation>Qualquer resultado</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>any</source>
        <translation>qualquer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only invoices with at least this many attempts</source>
        <translation>Só faturas com pelo menos este número de tentativas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Persistent errors</source>
        <translation>Erros persistentes</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Error or gave up after %1 attempts or more</source>
        <translation>Erro ou desistência após %1 tentativas ou mais</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Clear filters</source>
        <translation>Limpar filtros</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cohort</source>
        <translation>Safra</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Origin</source>
        <translation>Origem</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attempts</source>
        <translation>Tentativas</translation>
    </message>
</context>
<context>
    <name>ProblemsTab</name>
    <message>
        <location filename="../../gui/problems_columns.py" line="+38"/>
        <location line="+64"/>
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <location line="-62"/>
        <location line="+67"/>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <location line="-66"/>
        <source>Message</source>
        <translation>Mensagem</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Invoices</source>
        <translation>Faturas</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+29"/>
        <source>Attempts</source>
        <translation>Tentativas</translation>
    </message>
    <message>
        <location line="-28"/>
        <source>First seen</source>
        <translation>Primeira ocorrência</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last seen</source>
        <translation>Última ocorrência</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Contract</source>
        <translation>Contrato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Invoice #</source>
        <translation>Fatura nº</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cohort</source>
        <translation>Safra</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Last outcome</source>
        <translation>Último resultado</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Last error</source>
        <translation>Último erro</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Last fetch</source>
        <translation>Última busca</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CPF/CNPJ</source>
        <translation>CPF/CNPJ</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Took %1</source>
        <translation>Levou %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Due date</source>
        <translation>Vencimento</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+16"/>
        <source>Origin</source>
        <translation>Origem</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>When</source>
        <translation>Quando</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run</source>
        <translation>Execução</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Try</source>
        <translation>Vez</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Status after</source>
        <translation>Status após</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Seconds</source>
        <translation>Segundos</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Error</source>
        <translation>Erro</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Not counted against the attempt limit · end-of-run retry pass</source>
        <translation>Não conta para o limite de tentativas · rodada final de novas tentativas</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not counted against the attempt limit</source>
        <translation>Não conta para o limite de tentativas</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Attempt %1 of this invoice · end-of-run retry pass</source>
        <translation>Tentativa %1 desta fatura · rodada final de novas tentativas</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Attempt %1 of this invoice</source>
        <translation>Tentativa %1 desta fatura</translation>
    </message>
    <message>
        <location filename="../../gui/problems_retry.py" line="+33"/>
        <source>Retry the selected invoices</source>
        <translation>Nova tentativa nas faturas selecionadas</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Retry this error group</source>
        <translation>Nova tentativa neste grupo de erros</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retry everything shown</source>
        <translation>Nova tentativa em todas as faturas exibidas</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Force a retry of 1 invoice? It is fetched again now, even if it gave up.</source>
        <translation>Forçar nova tentativa de 1 fatura? Ela é buscada de novo agora, mesmo se estiver em desistência.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Force a retry of %1 invoices? They are fetched again now, even those that gave up.</source>
        <translation>Forçar nova tentativa de %1 faturas? Elas são buscadas de novo agora, mesmo as que estão em desistência.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Only the group&apos;s invoices that still have a problem are retried.</source>
        <translation>Só as faturas do grupo que ainda têm problema recebem nova tentativa.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This is every page of the list, not only the one on screen.</source>
        <translation>Isto inclui todas as páginas da lista, não só a que está na tela.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>There is nothing to retry.</source>
        <translation>Não há nada para tentar de novo.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Forced retry of 1 invoice started.</source>
        <translation>Nova tentativa forçada de 1 fatura iniciada.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Forced retry of %1 invoices started.</source>
        <translation>Nova tentativa forçada de %1 faturas iniciada.</translation>
    </message>
    <message>
        <location filename="../../gui/tabs/problems_tab.py" line="+93"/>
        <source>last %1 days</source>
        <translation>últimos %1 dias</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Show all groups</source>
        <translation>Mostrar todos os grupos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retry group…</source>
        <translation>Nova tentativa no grupo…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Error groups</source>
        <translation>Grupos de erros</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Problem invoices</source>
        <translation>Faturas com problema</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Attempt history</source>
        <translation>Histórico de tentativas</translation>
    </message>
    <message>
        <location line="+94"/>
        <source>Problems: %1</source>
        <translation>Problemas: %1</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>No failures in the last %1 days.</source>
        <translation>Nenhuma falha nos últimos %1 dias.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The %1 largest of %2 groups</source>
        <translation>Os %1 maiores de %2 grupos</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>No problem invoices match these filters.</source>
        <translation>Nenhuma fatura com problema corresponde a estes filtros.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No problem invoices: nothing is in error, gave up or needs review.</source>
        <translation>Nenhuma fatura com problema: nada com erro, em desistência ou precisando de revisão.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Select an invoice to see its attempts.</source>
        <translation>Selecione uma fatura para ver as tentativas dela.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Invoice %1 no longer exists.</source>
        <translation>A fatura %1 não existe mais.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Contract %1, invoice %2 · cohort %3 · %4 · attempts: %5 since the last match, %6 in all</source>
        <translation>Contrato %1, fatura %2 · safra %3 · %4 · tentativas: %5 desde a última localização, %6 no total</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>This invoice has no attempts yet.</source>
        <translation>Esta fatura ainda não tem tentativas.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>List filtered to: %1</source>
        <translation>Lista filtrada por: %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Retry selected (%1)…</source>
        <translation>Nova tentativa nas selecionadas (%1)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Retry all shown (%1)…</source>
        <translation>Nova tentativa em todas as exibidas (%1)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Retry the invoices of the chosen group that still have a problem</source>
        <translation>Força nova tentativa nas faturas do grupo escolhido que ainda têm problema</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose an error group first</source>
        <translation>Escolha um grupo de erros primeiro</translation>
    </message>
</context>
<context>
    <name>ProgressPanel</name>
    <message>
        <location filename="../../gui/live_progress.py" line="+114"/>
        <source>Provider failing — lookups are paused; nothing is counted against the invoices while it is down.</source>
        <translation>Operadora com falha — consultas pausadas; nada conta contra as faturas enquanto ela estiver fora do ar.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Invoices</source>
        <translation>Faturas</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Invoices with a result in this run, of those planned.</source>
        <translation>Faturas com resultado nesta execução, das planejadas.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Documents</source>
        <translation>Documentos</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Documents (CPF/CNPJ) looked up, of those planned; one lookup covers every invoice of a document.</source>
        <translation>Documentos (CPF/CNPJ) consultados, dos planejados; uma consulta cobre todas as faturas de um documento.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rate</source>
        <translation>Ritmo</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Invoices settled per second over the last 10 seconds.</source>
        <translation>Faturas com resultado por segundo nos últimos 10 segundos.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lookups</source>
        <translation>Consultas</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Provider lookups per second over the last 10 seconds.</source>
        <translation>Consultas à operadora por segundo nos últimos 10 segundos.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time left</source>
        <translation>Tempo restante</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Estimated from the lookups still to make (including pending retries) and the recent lookup rate.</source>
        <translation>Estimado a partir das consultas que faltam (incluindo novas tentativas por fazer) e do ritmo recente de consultas.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Elapsed</source>
        <translation>Decorrido</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phase</source>
        <translation>Fase</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Main pass: every planned invoice once. Retry pass: the invoices left in error, once more at the end.</source>
        <translation>Rodada principal: cada fatura planejada uma vez. Rodada final: as faturas que ficaram com erro, mais uma vez no fim.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rate limit</source>
        <translation>Limite de requisições</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Lookups per second allowed now; lowered when the provider answers 429/503 and raised again slowly.</source>
        <translation>Consultas por segundo permitidas agora; reduzido quando a operadora responde 429/503 e elevado de novo aos poucos.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>In flight</source>
        <translation>Em curso</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Lookups sent and not yet answered, and lookups waiting for their retry time.</source>
        <translation>Consultas enviadas e ainda sem resposta, e consultas aguardando a hora da nova tentativa.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Success</source>
        <translation>Sucesso</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Invoices found and matched.</source>
        <translation>Faturas encontradas e conciliadas.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Partial</source>
        <translation>Parcial</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Matched with a divergent date or amount: needs review.</source>
        <translation>Conciliadas com data ou valor divergente: precisam de revisão.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not available</source>
        <translation>Ainda não disponível</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Not at the provider yet, or no debts: looked at again in a later run.</source>
        <translation>Ainda não estão na operadora, ou sem débitos: consultadas de novo numa próxima execução.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Error</source>
        <translation>Erro</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Failed in this run; retried later.</source>
        <translation>Falharam nesta execução; nova tentativa depois.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gave up</source>
        <translation>Desistência</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reached the attempt limit; automatic runs skip them until a forced retry.</source>
        <translation>Atingiram o limite de tentativas; as execuções automáticas as ignoram até uma nova tentativa forçada.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Retries</source>
        <translation>Novas tentativas</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Attempts beyond an invoice&apos;s first in this run.</source>
        <translation>Tentativas além da primeira de cada fatura nesta execução.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Results of this run&apos;s attempts, by outcome.</source>
        <translation>Resultados das tentativas desta execução, por tipo.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The run log appears here.</source>
        <translation>O log da execução aparece aqui.</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Starting a run…</source>
        <translation>Iniciando uma execução…</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>The run could not start or finish: %1</source>
        <translation>Não foi possível iniciar ou concluir a execução: %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Run #%1</source>
        <translation>Execução nº %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+1"/>
        <source>%1 of %2</source>
        <translation>%1 de %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 invoices/s</source>
        <translation>%1 faturas/s</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+5"/>
        <source>%1 lookups/s</source>
        <translation>%1 consultas/s</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Unlimited</source>
        <translation>Sem limite</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 in flight, %2 waiting to retry</source>
        <translation>%1 em curso, %2 aguardando nova tentativa</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Planning</source>
        <translation>Planejamento</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Main pass</source>
        <translation>Rodada principal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retry pass</source>
        <translation>Rodada final</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finished</source>
        <translation>Encerrada</translation>
    </message>
</context>
<context>
    <name>ProviderBox</name>
    <message>
        <location filename="../../gui/setup/provider_box.py" line="+53"/>
        <source>The portal base URL (serves /negociar/params).</source>
        <translation>A URL base do portal (serve /negociar/params).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Remove saved key</source>
        <translation>Remover chave salva</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Test connection</source>
        <translation>Testar conexão</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Technical details</source>
        <translation>Detalhes técnicos</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Portal URL</source>
        <translation>URL do portal</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Key string</source>
        <translation>Chave</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>saved in the system keyring (type to replace it)</source>
        <translation>salva no chaveiro do sistema (digite para substituí-la)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>saved in the key file (type to replace it)</source>
        <translation>salva no arquivo da chave (digite para substituí-la)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>taken from $%1</source>
        <translation>lida de $%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>paste the key string the operator gave you</source>
        <translation>cole a chave que a operadora forneceu</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The key is kept in the system keyring (%1), never in the database.</source>
        <translation>A chave fica no chaveiro do sistema (%1), nunca no banco de dados.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This computer has no system keyring: the key is kept in the file %1, readable only by your user. It is never stored in the database.</source>
        <translation>Este computador não tem chaveiro do sistema: a chave fica no arquivo %1, que só o seu usuário pode ler. Ela nunca é gravada no banco de dados.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Now the key comes from the environment variable $%1, which wins over a saved one.</source>
        <translation>Agora a chave vem da variável de ambiente $%1, que tem prioridade sobre a salva.</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>The saved key was removed.</source>
        <translation>A chave salva foi removida.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Testing the connection…</source>
        <translation>Testando a conexão…</translation>
    </message>
</context>
<context>
    <name>RowMenu</name>
    <message>
        <location filename="../../gui/row_menu.py" line="+92"/>
        <source>Copy rows</source>
        <translation>Copiar linhas</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Copy cell</source>
        <translation>Copiar célula</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy row</source>
        <translation>Copiar linha</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy %1 rows</source>
        <translation>Copiar %1 linhas</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open contract in Invoices</source>
        <translation>Abrir contrato em Faturas</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Retry invoice…</source>
        <translation>Tentar a fatura de novo…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Retry %1 invoices…</source>
        <translation>Tentar %1 faturas de novo…</translation>
    </message>
</context>
<context>
    <name>RunDetailPanel</name>
    <message>
        <location filename="../../gui/runs_detail.py" line="+91"/>
        <source>Select a run to see its figures, its log and its attempts.</source>
        <translation>Selecione uma execução para ver os números, o log e as tentativas dela.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Figures</source>
        <translation>Números</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>This run&apos;s attempt rows by outcome, most frequent first.</source>
        <translation>Tentativas desta execução por resultado, das mais frequentes para as menos.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This run has no log lines.</source>
        <translation>Esta execução não tem linhas de log.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>By outcome:</source>
        <translation>Por resultado:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Technical details</source>
        <translation>Detalhes técnicos</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show the technical detail behind the messages: the exception text, the HTTP detail.</source>
        <translation>Mostra o detalhe técnico por trás das mensagens: o texto da exceção, o detalhe HTTP.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Log:</source>
        <translation>Log:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Attempts</source>
        <translation>Tentativas</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Double-click an attempt to open its contract in Invoices; right-click for more.</source>
        <translation>Clique duas vezes numa tentativa para abrir o contrato em Faturas; clique com o botão direito para mais opções.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show attempt history</source>
        <translation>Ver histórico de tentativas</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Origin</source>
        <translation>Origem</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cohort</source>
        <translation>Safra</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The cohort the run was limited to, if any.</source>
        <translation>A safra à qual a execução se limitou, se houver.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Started</source>
        <translation>Início</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finished</source>
        <translation>Término</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duration</source>
        <translation>Duração</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Started by</source>
        <translation>Iniciada por</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Planned</source>
        <translation>Planejado</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Invoices, documents and contracts the run set out to fetch.</source>
        <translation>Faturas, documentos e contratos que a execução se propôs a buscar.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Processed</source>
        <translation>Processadas</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Invoices with at least one attempt in this run.</source>
        <translation>Faturas com pelo menos uma tentativa nesta execução.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Success</source>
        <translation>Sucesso</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Partial</source>
        <translation>Parciais</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Matched with a divergent date or amount: needs review.</source>
        <translation>Conciliadas com data ou valor divergente: precisam de revisão.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not available</source>
        <translation>Ainda não disponíveis</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Not at the provider yet, or no debts.</source>
        <translation>Ainda não estão na operadora, ou sem débitos.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Errors</source>
        <translation>Erros</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gave up</source>
        <translation>Desistências</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reached the attempt limit in this run.</source>
        <translation>Atingiram o limite de tentativas nesta execução.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retries</source>
        <translation>Novas tentativas</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Attempts beyond an invoice&apos;s first in this run.</source>
        <translation>Tentativas além da primeira de cada fatura nesta execução.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lookups</source>
        <translation>Consultas</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Provider lookups made; one lookup covers a whole document.</source>
        <translation>Consultas feitas à operadora; uma consulta cobre um documento inteiro.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Throughput</source>
        <translation>Vazão</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Invoices processed per second of run time.</source>
        <translation>Faturas processadas por segundo de execução.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Error share</source>
        <translation>Taxa de erros</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>(Errors + gave up) / processed.</source>
        <translation>(Erros + desistências) / processadas.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Average time</source>
        <translation>Tempo médio</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+1"/>
        <source>Lookup time per invoice attempt.</source>
        <translation>Tempo de consulta por tentativa de fatura.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Fastest / slowest</source>
        <translation>Mais rápida / mais lenta</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>p50 / p95</source>
        <translation>p50 / p95</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Half of the attempts took at most p50; 95% at most p95.</source>
        <translation>Metade das tentativas levou no máximo p50; 95% no máximo p95.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Started %1</source>
        <translation>Início: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not counted as an attempt (the provider was down).</source>
        <translation>Não contou como tentativa (a operadora estava fora do ar).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Invoice id</source>
        <translation>ID da fatura</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contract</source>
        <translation>Contrato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CPF/CNPJ</source>
        <translation>CPF/CNPJ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Invoice #</source>
        <translation>Fatura nº</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Try</source>
        <translation>Vez</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Try %1 of this invoice in this run; attempt %2 overall.</source>
        <translation>Vez %1 desta fatura nesta execução; tentativa %2 no total.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Status after</source>
        <translation>Status após</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Seconds</source>
        <translation>Segundos</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Retry pass</source>
        <translation>Rodada final</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Yes</source>
        <translation>Sim</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Made in the end-of-run retry pass.</source>
        <translation>Feita na rodada final de novas tentativas.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Error</source>
        <translation>Erro</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Run #%1</source>
        <translation>Execução nº %1</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Technical details: %1</source>
        <translation>Detalhes técnicos: %1</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>All</source>
        <translation>Todas</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 on %2</source>
        <translation>%1 em %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 invoices, %2 documents, %3 contracts</source>
        <translation>faturas: %1 · documentos: %2 · contratos: %3</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 invoices/s</source>
        <translation>%1 faturas/s</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+2"/>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No attempts.</source>
        <translation>Nenhuma tentativa.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>RunStart</name>
    <message>
        <location filename="../../gui/run_start.py" line="+21"/>
        <source>A run is going</source>
        <translation>Execução em andamento</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A run is already going. Try again when it has finished.</source>
        <translation>Já há uma execução em andamento. Tente de novo quando ela terminar.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Nothing to fetch</source>
        <translation>Nada a buscar</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Fetching %1 invoice(s)…</source>
        <translation>Buscando %1 fatura(s)…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open the Preferences to set it now?</source>
        <translation>Abrir as Preferências para definir agora?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Provider not configured</source>
        <translation>Operadora não configurada</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cannot start the fetch</source>
        <translation>Não foi possível iniciar a busca</translation>
    </message>
</context>
<context>
    <name>RunsTab</name>
    <message>
        <location filename="../../gui/tabs/runs_tab.py" line="+92"/>
        <source>All origins</source>
        <translation>Todas as origens</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>All statuses</source>
        <translation>Todos os status</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>All cohorts</source>
        <translation>Todas as safras</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Runs limited to one cohort (safra).</source>
        <translation>Execuções limitadas a uma safra.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Origin:</source>
        <translation>Origem:</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cohort:</source>
        <translation>Safra:</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Run #</source>
        <translation>Nº</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Started</source>
        <translation>Início</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Origin</source>
        <translation>Origem</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cohort</source>
        <translation>Safra</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The cohort the run was limited to.</source>
        <translation>A safra à qual a execução se limitou.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Duration</source>
        <translation>Duração</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Invoices</source>
        <translation>Faturas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Invoices planned.</source>
        <translation>Faturas planejadas.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Processed</source>
        <translation>Processadas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Invoices with at least one attempt in the run.</source>
        <translation>Faturas com pelo menos uma tentativa na execução.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Success</source>
        <translation>Sucesso</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Partial</source>
        <translation>Parciais</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Matched with a divergent date or amount.</source>
        <translation>Conciliadas com data ou valor divergente.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Errors</source>
        <translation>Erros</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not available</source>
        <translation>Ainda não disponíveis</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not at the provider yet, or no debts.</source>
        <translation>Ainda não estão na operadora, ou sem débitos.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gave up</source>
        <translation>Desistências</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Invoices that reached the attempt limit in the run.</source>
        <translation>Faturas que atingiram o limite de tentativas na execução.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retries</source>
        <translation>Novas tentativas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attempts beyond an invoice&apos;s first in the run.</source>
        <translation>Tentativas além da primeira de cada fatura na execução.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lookups</source>
        <translation>Consultas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Provider lookups made; one lookup covers a whole document.</source>
        <translation>Consultas feitas à operadora; uma consulta cobre um documento inteiro.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>p50 / p95</source>
        <translation>p50 / p95</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lookup time per invoice attempt, in seconds: half took at most p50, 95% at most p95.</source>
        <translation>Tempo de consulta por tentativa de fatura, em segundos: metade levou no máximo p50, 95% no máximo p95.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Started by</source>
        <translation>Iniciada por</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The app or command, and the user.</source>
        <translation>O aplicativo ou comando, e o usuário.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Host</source>
        <translation>Máquina</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The machine the run ran on.</source>
        <translation>A máquina em que a execução rodou.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 / %2 s</source>
        <translation>%1 / %2 s</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>No runs match these filters.</source>
        <translation>Nenhuma execução corresponde a estes filtros.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No runs yet.</source>
        <translation>Nenhuma execução ainda.</translation>
    </message>
</context>
<context>
    <name>ScheduleBox</name>
    <message>
        <location filename="../../gui/setup/schedule_box.py" line="+39"/>
        <source>Run automatically</source>
        <translation>Executar automaticamente</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Every day</source>
        <translation>Todo dia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On these weekdays</source>
        <translation>Nestes dias da semana</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Advanced (cron expression)</source>
        <translation>Avançado (expressão cron)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>minute hour day month weekday, e.g. 5 0 * * * (00:05 every day)</source>
        <translation>minuto hora dia mês dia-da-semana, por exemplo 5 0 * * * (00:05 todo dia)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>At</source>
        <translation>Às</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>choose at least one weekday</source>
        <translation>escolha pelo menos um dia da semana</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Automatic runs are off: runs start only when you ask.</source>
        <translation>Execuções automáticas desligadas: as execuções só começam quando você pedir.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Not a valid schedule: choose a weekday, or check the cron expression.</source>
        <translation>Agenda inválida: escolha um dia da semana ou confira a expressão cron.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next automatic run: %1</source>
        <translation>Próxima execução automática: %1</translation>
    </message>
</context>
<context>
    <name>Scheduler</name>
    <message>
        <location filename="../../gui/scheduler.py" line="+101"/>
        <source>The scheduled run is being made by %1; it shows in the Live tab.</source>
        <translation>A execução agendada está sendo feita por %1; ela aparece na aba Ao vivo.</translation>
    </message>
</context>
<context>
    <name>Services</name>
    <message>
        <location filename="../../gui/services.py" line="+41"/>
        <source>no provider URL: set it in Settings → Preferences → Operator (the portal base URL)</source>
        <translation>URL da operadora não definida: defina em Configurações → Preferências → Operadora (a URL base do portal)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no provider key string: set it in Settings → Preferences → Operator</source>
        <translation>chave da operadora não definida: defina em Configurações → Preferências → Operadora</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../gui/settings_dialog.py" line="+49"/>
        <source>Automatic run (cron)</source>
        <translation>Execução automática (cron)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run automatically</source>
        <translation>Executar automaticamente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attempts before giving up</source>
        <translation>Tentativas antes da desistência</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retry failures at the end of a run</source>
        <translation>Nova tentativa das falhas no fim da execução</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lookups at once</source>
        <translation>Consultas simultâneas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lookups per second at most</source>
        <translation>Máximo de consultas por segundo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Due-date tolerance (days)</source>
        <translation>Tolerância de vencimento (dias)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amount tolerance (R$)</source>
        <translation>Tolerância de valor (R$)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Provider URL</source>
        <translation>URL da operadora</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alert above this error share</source>
        <translation>Alertar acima desta taxa de erros</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alert when p50 time exceeds (× 7-day median)</source>
        <translation>Alertar quando o tempo p50 passar de (× mediana de 7 dias)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alert when throughput falls under (× 7-day median)</source>
        <translation>Alertar quando a vazão cair abaixo de (× mediana de 7 dias)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mask CPF/CNPJ in lists and exports</source>
        <translation>Mascarar CPF/CNPJ em listas e exportações</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Report folder after automatic runs</source>
        <translation>Pasta de relatórios após execuções automáticas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Also write the collection list there</source>
        <translation>Gravar também a lista de cobrança nela</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>When the automatic run starts (cron syntax, local time).</source>
        <translation>Quando a execução automática começa (sintaxe cron, horário local).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Whether the app starts automatic runs on the schedule.</source>
        <translation>Se o aplicativo inicia execuções automáticas conforme o agendamento.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attempts before an invoice is given up (GAVE_UP).</source>
        <translation>Tentativas antes de desistir de uma fatura (status Desistência).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Take the run&apos;s failed invoices again at the end of the run.</source>
        <translation>Tenta de novo as faturas que falharam, no fim da execução.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lookups in flight at once.</source>
        <translation>Consultas em curso ao mesmo tempo.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Most lookups per second sent to the provider.</source>
        <translation>Máximo de consultas por segundo enviadas à operadora.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Due-date tolerance in days when matching.</source>
        <translation>Tolerância de vencimento, em dias, na conciliação.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amount tolerance in R$ when matching.</source>
        <translation>Tolerância de valor, em R$, na conciliação.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The portal base URL (serves /negociar/params).</source>
        <translation>A URL base do portal (que atende /negociar/params).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alert when a run&apos;s error share exceeds this.</source>
        <translation>Alerta quando a taxa de erros de uma execução passa deste valor.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alert when a run&apos;s p50 time exceeds this multiple of the 7-day median.</source>
        <translation>Alerta quando o tempo p50 de uma execução passa deste múltiplo da mediana de 7 dias.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alert when a run&apos;s throughput falls under this fraction of the 7-day median.</source>
        <translation>Alerta quando a vazão de uma execução cai abaixo desta fração da mediana de 7 dias.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mask CPF/CNPJ in lists and exports (LGPD).</source>
        <translation>Mascara CPF/CNPJ em listas e exportações (LGPD).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Folder where the run report PDF is written after each automatic run (empty: none).</source>
        <translation>Pasta onde o PDF do relatório da execução é gravado após cada execução automática (vazio: nenhuma).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Also write the collection list PDF into the report folder after each automatic run.</source>
        <translation>Gravar também o PDF da lista de cobrança na pasta de relatórios após cada execução automática.</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Preferences</source>
        <translation>Preferências</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Follow the system</source>
        <translation>Seguir o sistema</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Light</source>
        <translation>Claro</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dark</source>
        <translation>Escuro</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Theme</source>
        <translation>Tema</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>General</source>
        <translation>Geral</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Operator</source>
        <translation>Operadora</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Schedule</source>
        <translation>Agenda</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Appearance</source>
        <translation>Aparência</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>The key was not saved: %1</source>
        <translation>A chave não foi salva: %1</translation>
    </message>
    <message>
        <location line="-20"/>
        <location line="+5"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../gui/help_dialogs.py" line="-46"/>
        <source>Keyboard shortcuts</source>
        <translation>Atalhos de teclado</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Menu</source>
        <translation>Menu</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Command</source>
        <translation>Comando</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Keys</source>
        <translation>Teclas</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <location filename="../../gui/tray.py" line="+37"/>
        <source>Open Faturas Monitor</source>
        <translation>Abrir o Faturas Monitor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run now</source>
        <translation>Executar agora</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next run: —</source>
        <translation>Próxima execução: —</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pause schedule</source>
        <translation>Pausar agendamento</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Quit</source>
        <translation>Sair</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>not scheduled</source>
        <translation>não agendada</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next run: %1</source>
        <translation>Próxima execução: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Faturas Monitor — fetching…</source>
        <translation>Faturas Monitor — buscando…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Run %1 failed: %2</source>
        <translation>A execução %1 falhou: %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Run %1 ended with %2 errors (%3)</source>
        <translation>A execução %1 terminou com erros: %2 (%3)</translation>
    </message>
</context>
<context>
    <name>Waiting</name>
    <message>
        <location filename="../../gui/waiting_text.py" line="+14"/>
        <source>To fetch now: what a run started now takes (never fetched, not listed yet and due to be asked again, or in error), among the invoices available from today or earlier.</source>
        <translation>A buscar agora: o que uma execução iniciada agora busca (nunca buscadas, ainda não listadas pela operadora e a consultar de novo, ou com erro), entre as faturas disponíveis a partir de hoje ou antes.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 never fetched · %2 to ask again · %3 in error</source>
        <translation>nunca buscadas: %1 · a consultar de novo: %2 · com erro: %3</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Not yet available: %1</source>
        <translation>Ainda não disponíveis: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Not fetched or not listed by the operator yet, and available only from a later day: no run asks for them before that.</source>
        <translation>Ainda não buscadas ou ainda não listadas pela operadora, e disponíveis só a partir de um dia futuro: nenhuma execução as consulta antes disso.</translation>
    </message>
</context>
</TS>
