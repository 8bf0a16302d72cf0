{{%AUTOESCAPE context="HTML"}}
<footer class="nr-footer"><p>Dossier newsroom</p></footer>
</body>
</html>
